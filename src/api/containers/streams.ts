/**
 * @module
 * Container streams: logs, attach (hijacked), export.
 */

import { invalidParameter } from "../../engine/errors.ts";
import type { LogEntry } from "../../engine/logs.ts";
import { defineHandler } from "../handler.ts";
import { DEFAULT_DETACH_KEYS, parseDetachKeys } from "../detach_keys.ts";
import { hijack } from "../respond.ts";
import { outputStream, runSession, streamContentType } from "../streams.ts";
import { parseTimestamp, rfc3339Nano } from "../timestamps.ts";
import { websocketFrame, websocketPayloads, websocketUpgrade } from "../websocket.ts";

/**
 * `tail` as dockerd reads it: a number of lines; a negative number or anything that is not an
 * integer means all lines (dockerd's `strconv.Atoi` falls back to -1). Testcontainers sends
 * `tail=-1` on every log wait.
 */
function parseTail(tail: string): number | undefined {
  if (!/^[+-]?\d+$/.test(tail)) return undefined;
  const lines = Number(tail);
  return lines < 0 ? undefined : lines;
}

async function* withTimestamps(entries: AsyncIterable<LogEntry>, on: boolean) {
  const encoder = new TextEncoder();
  for await (const e of entries) {
    if (!on) {
      yield { stream: e.stream, data: e.data };
      continue;
    }
    const stamp = encoder.encode(`${rfc3339Nano(e.time)} `);
    const data = new Uint8Array(stamp.byteLength + e.data.byteLength);
    data.set(stamp);
    data.set(e.data, stamp.byteLength);
    yield { stream: e.stream, data };
  }
}

/** GET /containers/{id}/logs. */
export const containerLogs = defineHandler("ContainerLogs", "streams.logs", async (ctx) => {
  const q = ctx.params.query;
  if (!q.stdout && !q.stderr) {
    throw invalidParameter("Bad parameters: you must choose at least one stream");
  }
  const since = parseTimestamp("since", q.since === "0" ? undefined : q.since);
  const until = parseTimestamp("until", q.until === "0" ? undefined : q.until);
  const { tty, entries } = await ctx.capability.logs(ctx.params.path.id, {
    stdout: q.stdout,
    stderr: q.stderr,
    follow: q.follow,
    since,
    until,
    tail: parseTail(q.tail),
  }, ctx.signal);
  return {
    status: 200,
    headers: { "Content-Type": streamContentType(tty) },
    body: outputStream(withTimestamps(entries, q.timestamps), tty),
  };
});

/** The streams an attach asks for (both attach endpoints share the parameters). */
function attachOptions(
  q: { stdin: boolean; stdout: boolean; stderr: boolean; logs: boolean; stream: boolean },
) {
  return { stdin: q.stdin, stdout: q.stdout, stderr: q.stderr, logs: q.logs, stream: q.stream };
}

/** POST /containers/{id}/attach: hijacks the connection for stdin/stdout/stderr. */
export const containerAttach = defineHandler("ContainerAttach", "streams.attach", async (ctx) => {
  const q = ctx.params.query;
  const keys = parseDetachKeys(q.detachKeys || DEFAULT_DETACH_KEYS);
  const session = await ctx.capability.attach(ctx.params.path.id, attachOptions(q), ctx.signal);
  return hijack(streamContentType(session.tty), (conn) => runSession(session, conn, q.stdin, keys));
});

/** GET /containers/{id}/export. */
export const containerExport = defineHandler("ContainerExport", "archive.export", async (ctx) => {
  const tar = await ctx.capability.export(ctx.params.path.id, ctx.signal);
  return { status: 200, headers: { "Content-Type": "application/x-tar" }, body: tar };
});

/** GET /containers/{id}/attach/ws: the same streams over a websocket, unframed. */
export const containerAttachWebsocket = defineHandler(
  "ContainerAttachWebsocket",
  "streams.attach",
  async (ctx) => {
    const q = ctx.params.query;
    const keys = parseDetachKeys(q.detachKeys || DEFAULT_DETACH_KEYS);
    const upgrade = await websocketUpgrade(ctx.request.header("sec-websocket-key"));
    const session = await ctx.capability.attach(ctx.params.path.id, attachOptions(q), ctx.signal);
    const response = hijack("application/octet-stream", async (conn) => {
      const framed = new TransformStream<Uint8Array, Uint8Array>({
        transform: (chunk, c) => c.enqueue(websocketFrame(chunk)),
      });
      const piped = framed.readable.pipeTo(conn.writable, { preventClose: true });
      const payloads = websocketPayloads(conn.readable, () => session.close());
      const raw = { readable: payloads, writable: framed.writable };
      await runSession({ ...session, tty: true }, raw, q.stdin, keys);
      await framed.writable.close().catch(() => {});
      await piped.catch(() => {});
      const writer = conn.writable.getWriter();
      await writer.write(websocketFrame(new Uint8Array([0x03, 0xe8]), 0x8)).catch(() => {});
      writer.releaseLock();
    });
    return { ...response, upgrade };
  },
);
