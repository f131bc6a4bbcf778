/**
 * @module
 * `GET /events`: replays the bus history from `since`, then streams live events until `until`
 * or until the client leaves. An `until` in the past answers the replay and ends, as dockerd.
 */

import { type DockerEvent, type EventBus, eventJson } from "../../engine/events.ts";
import { versionAtLeast } from "../api_version.ts";
import { parseFilters } from "../filters.ts";
import { defineHandler } from "../handler.ts";
import { ndjson } from "../respond.ts";
import { parseTimestamp } from "../timestamps.ts";
import { EVENT_FILTER_KEYS, eventMatches } from "./event_filter.ts";

type Render = (event: DockerEvent) => string;

/**
 * Before API 1.52 dockerd also sends the deprecated `status`, `id` (and for containers `from`)
 * fields; the docker 28 CLI (API 1.50) still reads them for `--format '{{.Status}}'`.
 */
function legacyEventJson(event: DockerEvent): string {
  const legacy = { status: event.Action, id: event.Actor.ID };
  if (event.Type === "container") {
    return eventJson(event, { ...legacy, from: event.Actor.Attributes.image ?? "" });
  }
  return event.Type === "image" ? eventJson(event, legacy) : eventJson(event);
}

/**
 * Subscribes at once (so nothing published between the request and the first read is lost)
 * and yields the replay, then live events, as JSON lines.
 */
async function* liveLines(
  bus: EventBus,
  accept: (e: DockerEvent) => boolean,
  replay: DockerEvent[],
  until: bigint | undefined,
  signal: AbortSignal,
  render: Render,
): AsyncGenerator<string> {
  const pending: DockerEvent[] = [];
  let wake: (() => void) | null = null;
  let done = false;
  const stop = () => {
    done = true;
    wake?.();
  };
  const unsubscribe = bus.subscribe((event) => {
    if (!accept(event)) return;
    pending.push(event);
    wake?.();
  });
  const waitMs = until === undefined ? undefined : Number(until / 1_000_000n) - Date.now();
  const timer = waitMs === undefined ? undefined : setTimeout(stop, Math.max(0, waitMs));
  signal.addEventListener("abort", stop, { once: true });
  try {
    for (const event of replay) yield render(event);
    while (!done) {
      const event = pending.shift();
      if (event) yield render(event);
      else await new Promise<void>((resolve) => wake = resolve);
      wake = null;
    }
  } finally {
    unsubscribe();
    clearTimeout(timer);
    signal.removeEventListener("abort", stop);
  }
}

async function* replayLines(replay: DockerEvent[], render: Render): AsyncGenerator<string> {
  for (const event of replay) yield render(event);
}

/** GET /events. */
export const systemEvents = defineHandler("SystemEvents", "system", (ctx) => {
  const { backend, params, signal } = ctx;
  const filters = parseFilters(params.query.filters, EVENT_FILTER_KEYS);
  const since = parseTimestamp("since", params.query.since);
  const until = parseTimestamp("until", params.query.until);
  const accept = (e: DockerEvent) =>
    (until === undefined || e.timeNano <= until) && eventMatches(filters, e);
  const replay = since === undefined
    ? []
    : backend.events.history().filter((e) => e.timeNano >= since && accept(e));
  const render = versionAtLeast(ctx.version, "1.52") ? eventJson : legacyEventJson;
  const now = BigInt(Date.now()) * 1_000_000n;
  if (until !== undefined && until <= now) return ndjson(replayLines(replay, render));
  const lines = liveLines(backend.events, accept, replay, until, signal, render);
  // Start the generator now so its subscription exists before this handler returns.
  const first = lines.next();
  return ndjson(prepend(first, lines));
});

async function* prepend(
  first: Promise<IteratorResult<string>>,
  rest: AsyncGenerator<string>,
): AsyncGenerator<string> {
  const head = await first;
  if (head.done) return;
  yield head.value;
  yield* rest;
}
