/**
 * @module
 * Streams a pull's or push's progress as Docker's newline-delimited JSON, line by line as it
 * happens. An error before the first message is thrown (answered as a JSON error with its
 * status); after it, it ends the stream with dockerd's `{"errorDetail":…,"error":…}` line.
 */

import type { ProgressSink } from "../../engine/backend.ts";
import { type ApiResponse, ndjson } from "../respond.ts";

/** Runs `task`, answering its progress as a stream once the first message arrives. */
export async function progressResponse(
  task: (onProgress: ProgressSink) => Promise<void>,
): Promise<ApiResponse> {
  const queue: string[] = [];
  let wake: (() => void) | undefined;
  let done = false;
  let failure: unknown;
  let started!: () => void;
  const first = new Promise<void>((resolve) => started = resolve);
  const notify = () => {
    started();
    wake?.();
  };
  task((message) => {
    queue.push(JSON.stringify(message));
    notify();
  }).then(
    () => done = true,
    (err) => {
      failure = err;
      done = true;
    },
  ).finally(notify);
  await first;
  if (queue.length === 0 && failure !== undefined) throw failure;
  async function* lines(): AsyncGenerator<string> {
    while (true) {
      while (queue.length) yield queue.shift()!;
      if (done) break;
      await new Promise<void>((resolve) => wake = resolve);
      wake = undefined;
    }
    if (failure !== undefined) {
      const message = failure instanceof Error ? failure.message : String(failure);
      yield JSON.stringify({ errorDetail: { message }, error: message });
    }
  }
  return ndjson(lines());
}
