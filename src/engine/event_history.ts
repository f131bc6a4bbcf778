/**
 * @module
 * The events history on disk: every published event is appended to a record log (one JSON
 * record each, written in the tick it happens, so a killed daemon loses none; fsynced at most
 * every FLUSH_MS, since only a machine crash could lose written bytes and an fsync per event
 * would slow every container operation down), and the log is read back
 * at start so `docker events --since` replays across restarts (its records are parsed on the
 * first replay, not at start). The log keeps the last
 * EVENT_HISTORY_LIMIT events: it is compacted at start, and again whenever it has grown to
 * twice that.
 */

import { type DockerEvent, EVENT_HISTORY_LIMIT, type EventBus } from "./events.ts";
import { RecordLog } from "./state/mod.ts";

const decoder = new TextDecoder();

/** How long written events may wait for their fsync. */
export const FLUSH_MS = 100;

function encode(e: DockerEvent): string {
  return JSON.stringify({ ...e, timeNano: e.timeNano.toString() });
}

function decode(bytes: Uint8Array): DockerEvent | undefined {
  try {
    const e = JSON.parse(decoder.decode(bytes));
    if (typeof e?.Type !== "string" || typeof e.timeNano !== "string") return undefined;
    return { ...e, timeNano: BigInt(e.timeNano) };
  } catch {
    return undefined;
  }
}

/** The stamp of the last readable record (later events must be stamped after it). */
function lastStamp(records: readonly Uint8Array[]): bigint {
  for (let i = records.length - 1; i >= 0; i--) {
    const e = decode(records[i]);
    if (e) return e.timeNano;
  }
  return 0n;
}

/** Loads the saved history into `bus` and saves every later event; answers the open log. */
export async function keepEventHistory(
  bus: EventBus,
  path: string,
  limit = EVENT_HISTORY_LIMIT,
): Promise<RecordLog> {
  const log = await RecordLog.open(path);
  const records = await log.readAll();
  const kept = records.slice(-limit);
  if (kept.length < records.length) await log.replace(kept);
  bus.restore(() => kept.map(decode).filter((e) => e !== undefined), lastStamp(kept));
  let count = kept.length;
  let flushTimer: ReturnType<typeof setTimeout> | undefined;
  /** Events published while a compaction runs; appended after it (it would overwrite them). */
  let held: DockerEvent[] | undefined;
  const report = (err: unknown) => console.error(`sockerless: events log: ${err}`);
  const save = (event: DockerEvent) => {
    log.append(encode(event)).catch(report);
    count++;
    if (flushTimer === undefined) {
      const timer = setTimeout(() => {
        flushTimer = undefined;
        log.flush().catch(report);
      }, FLUSH_MS);
      // A pending fsync must not keep a process (a test, a tool) alive.
      Deno.unrefTimer(timer);
      flushTimer = timer;
    }
  };
  const compact = async () => {
    held = [];
    const last = bus.history().slice(-limit);
    await log.replace(last.map(encode)).catch(report);
    count = last.length;
    const later = held;
    held = undefined;
    for (const event of later) save(event);
  };
  bus.subscribe((event) => {
    if (held) held.push(event);
    else if (count + 1 >= 2 * limit) compact();
    else save(event);
  });
  return log;
}
