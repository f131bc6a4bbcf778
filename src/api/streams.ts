/**
 * @module
 * Writing container output to a client: multiplexed frames without a TTY, raw bytes with one;
 * and the content types that announce which.
 */

import type { OutputChunk, StreamSession } from "../engine/containers/backend.ts";
import { frame } from "../engine/stdcopy.ts";
import { DEFAULT_DETACH_KEYS, parseDetachKeys, watchDetachKeys } from "./detach_keys.ts";
import type { HijackedConnection } from "./respond.ts";

/** The content type of an attach, exec or logs stream. */
export function streamContentType(tty: boolean): string {
  return tty ? "application/vnd.docker.raw-stream" : "application/vnd.docker.multiplexed-stream";
}

/** Encodes a chunk for the wire. */
export function encodeChunk(chunk: OutputChunk, tty: boolean): Uint8Array {
  return tty ? chunk.data : frame(chunk.stream, chunk.data);
}

/** A byte stream of output chunks, framed unless TTY. */
export function outputStream(
  chunks: AsyncIterable<OutputChunk>,
  tty: boolean,
  onCancel: () => void = () => {},
): ReadableStream<Uint8Array> {
  const iterator = chunks[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await iterator.next();
      if (next.done) controller.close();
      else controller.enqueue(encodeChunk(next.value, tty));
    },
    async cancel() {
      onCancel();
      await iterator.return?.();
    },
  }, { highWaterMark: 0 });
}

/**
 * Runs a hijacked session: stdin in (if wanted, watched for the detach keys), output out until
 * the process ends or the client detaches.
 */
export async function runSession(
  session: StreamSession,
  conn: HijackedConnection,
  wantStdin: boolean,
  detachKeys: Uint8Array = parseDetachKeys(DEFAULT_DETACH_KEYS),
): Promise<void> {
  if (wantStdin) {
    session.attachStdin(watchDetachKeys(conn.readable, detachKeys, () => session.close()));
  }
  const writer = conn.writable.getWriter();
  try {
    for await (const chunk of session.output) await writer.write(encodeChunk(chunk, session.tty));
  } catch {
    // The client went away; the container keeps running.
  } finally {
    session.close();
    writer.releaseLock();
  }
}
