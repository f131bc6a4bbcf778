/**
 * @module
 * Just enough RFC 6455 for the websocket attach endpoint: the handshake answer, server frames
 * (unmasked, binary) and a decoder of client frames (masked) into payload bytes.
 */

import { invalidParameter } from "../engine/errors.ts";

const GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
const OP_CLOSE = 0x8;
const OP_PING = 0x9;

/** The `101 Switching Protocols` answer for a handshake's `Sec-WebSocket-Key`. */
export async function websocketUpgrade(
  key: string | null,
): Promise<{ reason: string; headers: Record<string, string> }> {
  if (!key) throw invalidParameter("missing Sec-WebSocket-Key: not a websocket handshake");
  const digest = await crypto.subtle.digest("SHA-1", new TextEncoder().encode(key + GUID));
  const accept = btoa(String.fromCharCode(...new Uint8Array(digest)));
  return {
    reason: "Switching Protocols",
    headers: { Upgrade: "websocket", Connection: "Upgrade", "Sec-WebSocket-Accept": accept },
  };
}

/** One server frame (FIN set, unmasked). */
export function websocketFrame(payload: Uint8Array, opcode = 0x2): Uint8Array {
  const n = payload.byteLength;
  const headerLength = n < 126 ? 2 : n < 65536 ? 4 : 10;
  const out = new Uint8Array(headerLength + n);
  out[0] = 0x80 | opcode;
  if (n < 126) out[1] = n;
  else if (n < 65536) {
    out[1] = 126;
    new DataView(out.buffer).setUint16(2, n);
  } else {
    out[1] = 127;
    new DataView(out.buffer).setBigUint64(2, BigInt(n));
  }
  out.set(payload, headerLength);
  return out;
}

/**
 * Decodes client frames into their payloads; at a close frame calls `onClose` and ends.
 */
export function websocketPayloads(
  input: ReadableStream<Uint8Array>,
  onClose: () => void,
): ReadableStream<Uint8Array> {
  let buffer = new Uint8Array(0);
  let closed = false;
  return input.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        if (closed) return;
        const joined = new Uint8Array(buffer.byteLength + chunk.byteLength);
        joined.set(buffer);
        joined.set(chunk, buffer.byteLength);
        buffer = joined;
        while (buffer.byteLength >= 2) {
          const opcode = buffer[0] & 0x0f;
          const masked = (buffer[1] & 0x80) !== 0;
          let length = buffer[1] & 0x7f;
          let at = 2;
          const view = new DataView(buffer.buffer, buffer.byteOffset);
          if (length === 126) {
            if (buffer.byteLength < 4) return;
            length = view.getUint16(2);
            at = 4;
          } else if (length === 127) {
            if (buffer.byteLength < 10) return;
            length = Number(view.getBigUint64(2));
            at = 10;
          }
          const maskAt = at;
          if (masked) at += 4;
          if (buffer.byteLength < at + length) return;
          const payload = buffer.slice(at, at + length);
          if (masked) { for (let i = 0; i < length; i++) payload[i] ^= buffer[maskAt + (i % 4)]; }
          buffer = buffer.slice(at + length);
          if (opcode === OP_CLOSE) {
            closed = true;
            onClose();
            try {
              controller.terminate();
            } catch {
              // Already closed by the reader.
            }
            return;
          }
          if (opcode !== OP_PING && opcode !== 0xa) controller.enqueue(payload);
        }
      },
    }),
  );
}
