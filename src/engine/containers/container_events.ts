/**
 * @module
 * Container events: every one carries the container's labels, image and name (so `--filter
 * label=` selects them), published on the engine's event bus.
 */

import type { EventBus } from "../events.ts";
import type { EngineContainer } from "./container.ts";

/** Attributes of a container event: name, image and labels, plus extras. */
export function eventAttributes(
  c: EngineContainer,
  extra: Record<string, string> = {},
): Record<string, string> {
  return { ...(c.config.Labels ?? {}), image: c.imageName, name: c.name, ...extra };
}

/** Publishes a container event. */
export function publish(
  host: { readonly events: EventBus },
  c: EngineContainer,
  action: string,
  extra: Record<string, string> = {},
): void {
  host.events.publish({
    Type: "container",
    Action: action,
    id: c.id,
    attributes: eventAttributes(c, extra),
  });
}
