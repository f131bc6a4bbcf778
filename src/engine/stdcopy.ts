/**
 * @module
 * Docker's multiplexed stream framing ("stdcopy"): an 8-byte header per frame — the stream
 * (0 stdin, 1 stdout, 2 stderr), three zero bytes, the big-endian payload length — then the
 * payload. Used by attach, logs and exec when the container has no TTY.
 */

/** Stream numbers of the multiplexed framing. */
export const STDIN = 0;
export const STDOUT = 1;
export const STDERR = 2;

/** One frame carrying `payload` on `stream`. */
export function frame(stream: number, payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(8 + payload.byteLength);
  out[0] = stream;
  new DataView(out.buffer).setUint32(4, payload.byteLength);
  out.set(payload, 8);
  return out;
}

/** Splits a multiplexed byte sequence back into frames (for tests and clients). */
export function parseFrames(bytes: Uint8Array): { stream: number; payload: Uint8Array }[] {
  const frames: { stream: number; payload: Uint8Array }[] = [];
  let at = 0;
  while (at + 8 <= bytes.byteLength) {
    const size = new DataView(bytes.buffer, bytes.byteOffset + at + 4, 4).getUint32(0);
    frames.push({ stream: bytes[at], payload: bytes.subarray(at + 8, at + 8 + size) });
    at += 8 + size;
  }
  return frames;
}
