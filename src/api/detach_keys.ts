/**
 * @module
 * Detach keys (`ctrl-p,ctrl-q` by default): the byte sequence on stdin that detaches a client
 * from an attach or exec without stopping or closing the process's stdin.
 */

import { invalidParameter } from "../engine/errors.ts";

/** The sequence dockerd uses when none is configured. */
export const DEFAULT_DETACH_KEYS = "ctrl-p,ctrl-q";

const CONTROL = "@abcdefghijklmnopqrstuvwxyz[\\]^_";

/** Parses `ctrl-p,ctrl-q`-style keys into bytes; a bad spec is dockerd's 400. */
export function parseDetachKeys(spec: string): Uint8Array {
  const bytes = spec.split(",").map((key) => {
    const ctrl = /^ctrl-(.)$/.exec(key);
    if (ctrl && CONTROL.includes(ctrl[1])) return CONTROL.indexOf(ctrl[1]);
    if (key.length === 1) return key.charCodeAt(0);
    throw invalidParameter(`Invalid detach keys (${spec}) provided`);
  });
  return new Uint8Array(bytes);
}

/** Thrown into the stdin stream when the client typed the detach keys. */
export class DetachRequested extends Error {
  constructor() {
    super("read escape sequence");
  }
}

/**
 * Passes stdin through until the keys appear; then calls `onDetach` and errors the stream with
 * `DetachRequested`, so the process's stdin stays open. Bytes of a partial match are held back
 * until it fails, as a terminal would.
 */
export function watchDetachKeys(
  input: ReadableStream<Uint8Array>,
  keys: Uint8Array,
  onDetach: () => void,
): ReadableStream<Uint8Array> {
  let matched = 0;
  return input.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        const out: number[] = [];
        for (const byte of chunk) {
          if (byte === keys[matched]) {
            matched++;
            if (matched === keys.length) {
              if (out.length) controller.enqueue(new Uint8Array(out));
              onDetach();
              controller.error(new DetachRequested());
              return;
            }
            continue;
          }
          out.push(...keys.subarray(0, matched));
          matched = byte === keys[0] ? 1 : 0;
          if (matched === 0) out.push(byte);
        }
        if (out.length) controller.enqueue(new Uint8Array(out));
      },
      // Stdin that ends inside a partial match still delivers those bytes.
      flush(controller) {
        if (matched) controller.enqueue(keys.slice(0, matched));
      },
    }),
  );
}
