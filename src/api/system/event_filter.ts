/**
 * @module
 * Which events a `/events` client asked for: dockerd's event filters and the since/until window.
 */

import type { DockerEvent } from "../../engine/events.ts";
import { type Filters, matchesExact, matchesLabels } from "../filters.ts";

/** The filter keys `/events` accepts. */
export const EVENT_FILTER_KEYS = [
  "config",
  "container",
  "daemon",
  "event",
  "image",
  "label",
  "network",
  "node",
  "plugin",
  "scope",
  "secret",
  "service",
  "type",
  "volume",
] as const;

/** Object-type filters: the key names both the event Type and the object to match. */
const OBJECT_KEYS = EVENT_FILTER_KEYS.filter((k) =>
  !["event", "label", "scope", "type"].includes(k)
);

/** ID prefix or exact name, as dockerd's fuzzy object match. */
function matchesObject(filters: Filters, key: string, event: DockerEvent): boolean {
  const accepted = filters.get(key);
  if (!accepted) return true;
  if (event.Type !== key) return false;
  const name = event.Actor.Attributes.name;
  return accepted.some((v) => event.Actor.ID.startsWith(v) || v === name);
}

function matchesImage(filters: Filters, event: DockerEvent): boolean {
  const accepted = filters.get("image");
  if (!accepted) return true;
  const image = event.Type === "image" ? event.Actor.ID : event.Actor.Attributes.image;
  const name = event.Actor.Attributes.name;
  return accepted.some((v) => v === image || v === name || image?.startsWith(v));
}

/** True when the event passes every filter. */
export function eventMatches(filters: Filters, event: DockerEvent): boolean {
  const action = event.Action.split(":", 1)[0];
  return matchesExact(filters, "type", event.Type) &&
    matchesExact(filters, "event", event.Action, action) &&
    matchesExact(filters, "scope", event.scope) &&
    matchesLabels(filters, event.Actor.Attributes) &&
    matchesImage(filters, event) &&
    OBJECT_KEYS.filter((k) => k !== "image").every((k) => matchesObject(filters, k, event));
}
