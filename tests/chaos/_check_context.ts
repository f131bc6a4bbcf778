/**
 * @module
 * What a check after a restart knows: the new daemon's client and process, the data root, when
 * the first kill since the last check happened, and the model to hold the daemon to.
 */

import type { Api } from "./_api.ts";
import type { Model } from "./_model.ts";

/** The input of the invariant checks. */
export interface CheckContext {
  api: Api;
  model: Model;
  dataRoot: string;
  /** The pid of the daemon now running. */
  pid: number;
  /** Wall-clock ms when the daemon now running was spawned. */
  spawnedAt: number;
  /** Wall-clock ms of the first kill since the last check. */
  killedAt: number;
}

/** `seconds.millis` as the API's `since`/`until` take it. */
export function apiTime(ms: number): string {
  return (ms / 1000).toFixed(3);
}

/** Ids of containers with a `die` event at or after `sinceMs`. */
export async function diedSince(api: Api, sinceMs: number): Promise<Set<string>> {
  const filters = encodeURIComponent(JSON.stringify({ type: ["container"], event: ["die"] }));
  const res = await api.send(
    "GET",
    `/events?since=${apiTime(sinceMs)}&until=${apiTime(Date.now())}&filters=${filters}`,
  );
  const ids = new Set<string>();
  for (const line of (await res.text()).split("\n")) {
    if (!line.trim()) continue;
    const event = JSON.parse(line);
    ids.add(event.Actor?.ID ?? event.id);
  }
  return ids;
}
