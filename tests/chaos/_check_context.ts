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

/** `die` events in the daemon's history: the container ids and the events' times (ns). */
export async function dieEvents(api: Api): Promise<{ id: string; timeNano: bigint }[]> {
  const filters = encodeURIComponent(JSON.stringify({ type: ["container"], event: ["die"] }));
  const res = await api.send(
    "GET",
    `/events?since=0&until=${apiTime(Date.now())}&filters=${filters}`,
  );
  const events = [];
  for (const line of (await res.text()).split("\n")) {
    if (!line.trim()) continue;
    const id = JSON.parse(line).Actor?.ID ?? JSON.parse(line).id;
    // timeNano exceeds a double's precision: read its digits from the text.
    const timeNano = BigInt(/"timeNano":\s*(\d+)/.exec(line)![1]);
    events.push({ id, timeNano });
  }
  return events;
}
