/**
 * @module
 * The agent protocol's messages: JSON text frames for control, binary frames for stream bytes.
 *
 * Both ends are peers: either may call the other (the daemon calls the runtime's methods; the
 * agent calls back for an image layer it has not unpacked yet) and either may send streams.
 * A call has an id scoped to its caller; a stream has an id scoped to its sender, the client's
 * odd and the agent's even, so the two ends never pick the same one.
 *
 * Binary frame: one type byte ({@linkcode FRAME_DATA}), the stream id as a big-endian u32,
 * then the bytes. A sender may have at most {@linkcode STREAM_WINDOW} bytes of a stream
 * unacknowledged; the receiver grants more (`credit`) as its reader consumes them.
 */

import type { ErrorKind } from "../errors.ts";
import type { RuntimeCapabilities } from "../runtime.ts";

/** Bumped on any incompatible change of the messages below. */
export const PROTOCOL_VERSION = 1;
/** Bytes a stream's sender may have in flight before the receiver grants credit. */
export const STREAM_WINDOW = 256 * 1024;
/** Largest payload of one binary frame. */
export const MAX_FRAME_PAYLOAD = 64 * 1024;
/** The type byte of a frame of stream bytes. */
export const FRAME_DATA = 1;
const HEADER_BYTES = 5;

/** A `DockerError` as it crosses the wire. */
export interface WireError {
  kind: ErrorKind;
  message: string;
}

/** The agent's first message: what it serves. */
export interface Hello {
  t: "hello";
  protocol: number;
  name: string;
  capabilities: RuntimeCapabilities;
}

/**
 * A call of `op` on `target`: 0 is the peer itself (the runtime, or the client for `openLayer`),
 * otherwise the handle of a container or a process the callee gave out.
 */
export interface Call {
  t: "call";
  id: number;
  target: number;
  op: string;
  args: unknown[];
}

/** A call's success; `gen` is the container's layer generation after it, where one is known. */
export interface Result {
  t: "result";
  id: number;
  value: unknown;
  gen?: number;
}

/** A call's failure. */
export interface Failure {
  t: "error";
  id: number;
  error: WireError;
}

/** The caller gave up on a call: the callee aborts it and undoes what it made. */
export interface Cancel {
  t: "cancel";
  id: number;
}

/** A process ended (`status`) or its exit could not be known (`error`). */
export interface Exit {
  t: "exit";
  process: number;
  status?: number;
  error?: WireError;
  gen?: number;
}

/** The sender's stream ended after its last data frame. */
export interface StreamEnd {
  t: "end";
  sid: number;
}

/** The sender's stream failed. */
export interface StreamReset {
  t: "reset";
  sid: number;
  error: WireError;
}

/** The receiver consumed `bytes` more: the sender may send that many more. */
export interface StreamCredit {
  t: "credit";
  sid: number;
  bytes: number;
}

/** The receiver cancelled the stream: the sender stops producing it. */
export interface StreamStop {
  t: "stop";
  sid: number;
}

/** Every control message. */
export type Control =
  | Hello
  | Call
  | Result
  | Failure
  | Cancel
  | Exit
  | StreamEnd
  | StreamReset
  | StreamCredit
  | StreamStop;

const CONTROL_TYPES = new Set<string>([
  "hello",
  "call",
  "result",
  "error",
  "cancel",
  "exit",
  "end",
  "reset",
  "credit",
  "stop",
]);

/** Encodes a control message as a text frame. */
export function encodeControl(message: Control): string {
  return JSON.stringify(message);
}

/** Decodes a text frame; throws on anything that is not a control message. */
export function decodeControl(text: string): Control {
  const message = JSON.parse(text);
  if (typeof message !== "object" || message === null || !CONTROL_TYPES.has(message.t)) {
    throw new Error(`Not an agent protocol message: ${text.slice(0, 80)}`);
  }
  return message as Control;
}

/** A binary frame of stream bytes. */
export interface DataFrame {
  sid: number;
  bytes: Uint8Array;
}

/** Encodes stream bytes as a binary frame. */
export function encodeData(sid: number, bytes: Uint8Array): Uint8Array {
  const frame = new Uint8Array(HEADER_BYTES + bytes.byteLength);
  frame[0] = FRAME_DATA;
  new DataView(frame.buffer).setUint32(1, sid);
  frame.set(bytes, HEADER_BYTES);
  return frame;
}

/** Decodes a binary frame; throws on a short frame or an unknown type. */
export function decodeData(frame: Uint8Array): DataFrame {
  if (frame.byteLength < HEADER_BYTES || frame[0] !== FRAME_DATA) {
    throw new Error(`Not an agent data frame (${frame.byteLength} bytes, type ${frame[0]})`);
  }
  const sid = new DataView(frame.buffer, frame.byteOffset).getUint32(1);
  return { sid, bytes: frame.subarray(HEADER_BYTES) };
}
