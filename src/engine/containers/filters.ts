/**
 * @module
 * `docker ps --filter` and `docker container prune --filter` semantics.
 */

import type { FilterMap } from "./backend.ts";
import { invalidParameter } from "../errors.ts";
import { labelMatch, untilTime } from "../filter_match.ts";
import type { ObjectIndex } from "../object_index.ts";
import { type ExposedPort, exposedPorts } from "./views.ts";
import type { EngineContainer } from "./container.ts";

/**
 * dockerd's `expose`/`publish` filter value: `port[/proto]` or `start-end[/proto]`, tcp by
 * default; a `:` is refused.
 */
function portFilter(key: string, value: string): (p: ExposedPort) => boolean {
  if (value.includes(":")) {
    throw invalidParameter(`filter for '${key}' should not contain ':': ${value}`);
  }
  const [range, proto = "tcp"] = value.split("/");
  const [start, end = start] = range.split("-").map(Number);
  if (!Number.isInteger(start) || !Number.isInteger(end) || start > end) {
    throw invalidParameter(`error while looking up for ${key} ${value}: invalid port range`);
  }
  return (p) => p.Type === proto && p.PrivatePort >= start && p.PrivatePort <= end;
}

const STATUSES = ["created", "restarting", "running", "removing", "paused", "exited", "dead"];

/** True when `c` passes every filter. */
export function matchesContainer(
  index: ObjectIndex<EngineContainer>,
  c: EngineContainer,
  filters: FilterMap,
  prune = false,
  related: { networks: string[]; volumes: string[] } = { networks: [], volumes: [] },
): boolean {
  const created = Date.parse(c.created);
  const labels = c.config.Labels ?? {};
  for (const [key, values] of filters) {
    const any = (test: (v: string) => boolean) => values.some(test);
    const ok = (() => {
      switch (key) {
        case "id":
          return any((v) => c.id.startsWith(v));
        case "name":
          return any((v) => new RegExp(v.replace(/^\//, "")).test(c.name));
        case "label":
          return values.every((v) => labelMatch(labels, v));
        case "label!":
          return !values.some((v) => labelMatch(labels, v));
        case "status":
          for (const v of values) {
            if (!STATUSES.includes(v)) throw invalidParameter(`invalid filter 'status=${v}'`);
          }
          return any((v) => v === c.state.Status);
        case "exited":
          return !c.state.Running && c.state.Status === "exited" &&
            any((v) => Number(v) === c.state.ExitCode);
        case "ancestor":
          return any((v) =>
            v === c.imageName ||
            c.imageId.replace("sha256:", "").startsWith(v.replace("sha256:", ""))
          );
        case "before":
          return any((v) => created < Date.parse(index.get(v).created));
        case "since":
          return any((v) => created > Date.parse(index.get(v).created));
        case "health":
          return any((v) => (c.state.Health?.Status ?? "none") === v);
        case "until":
          return prune && any((v) => created < untilTime(v));
        case "volume":
          return any((v) => related.volumes.includes(v));
        case "network":
          return any((v) => related.networks.includes(v));
        case "expose":
          return exposedPorts(c).some((p) => values.some((v) => portFilter(key, v)(p)));
        case "publish":
          // Nothing is published on this backend (ports.ts refuses it); the value is checked.
          for (const v of values) portFilter(key, v);
          return false;
        case "isolation":
          return false;
        case "is-task":
          return any((v) => v === "false");
        default:
          throw invalidParameter(`invalid filter '${key}'`);
      }
    })();
    if (!ok) return false;
  }
  return true;
}
