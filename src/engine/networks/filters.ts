/**
 * @module
 * `docker network ls --filter` and `docker network prune --filter` semantics.
 */

import { invalidParameter } from "../errors.ts";
import { booleanValue, labelMatch, patternMatch, untilTime } from "../filter_match.ts";
import type { NetworkFilters } from "./backend.ts";
import type { EngineNetwork } from "./network.ts";

/** Refuses malformed filter values even when no network is there to test them. */
export function checkNetworkFilters(filters: NetworkFilters): void {
  for (const v of filters.get("dangling") ?? []) booleanValue("dangling", v);
  for (const v of filters.get("until") ?? []) untilTime(v);
  for (const v of filters.get("type") ?? []) {
    if (v !== "custom" && v !== "builtin") throw invalidParameter(`invalid filter: 'type'='${v}'`);
  }
}

/** True when `n` passes every filter. */
export function matchesNetwork(n: EngineNetwork, filters: NetworkFilters, prune = false): boolean {
  const labels = n.settings.labels;
  for (const [key, values] of filters) {
    const ok = (() => {
      switch (key) {
        case "name":
          return values.some((v) => patternMatch(v, n.name));
        case "id":
          return values.some((v) => patternMatch(v, n.id));
        case "driver":
          return values.some((v) => patternMatch(v, n.settings.driver));
        case "scope":
          return values.some((v) => v === "local");
        case "label":
          return values.every((v) => labelMatch(labels, v));
        case "label!":
          return !values.some((v) => labelMatch(labels, v));
        case "type":
          return values.includes(n.settings.builtin ? "builtin" : "custom");
        case "dangling":
          return values.some((v) =>
            booleanValue(key, v) === (!n.settings.builtin && n.endpoints.size === 0)
          );
        case "until":
          return prune && values.some((v) => Date.parse(n.created) < untilTime(v));
        default:
          throw invalidParameter(`invalid filter '${key}'`);
      }
    })();
    if (!ok) return false;
  }
  return true;
}
