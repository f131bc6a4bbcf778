/**
 * @module
 * Call arguments and results as JSON: plain data as is, a `Date` as `{"$date": ms}`, a
 * `ReadableStream` as `{"$stream": sid}` and a `Uint8Array` as `{"$bytes": sid}`, both sent as
 * a flow-controlled stream beside the message, so bulk data never rides in a JSON frame.
 */

import type { StreamTable } from "./streams.ts";

/** An encoded value and the streams to start once the message carrying it is sent. */
export interface Encoded {
  json: unknown;
  starts: (() => void)[];
}

function bytesStream(bytes: Uint8Array): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      if (bytes.byteLength) controller.enqueue(bytes);
      controller.close();
    },
  });
}

/** Encodes `value`, opening a stream for each byte array or stream in it. */
export function encodeValue(value: unknown, streams: StreamTable): Encoded {
  const starts: (() => void)[] = [];
  const stream = (source: ReadableStream<Uint8Array>) => {
    const { sid, start } = streams.send(source);
    starts.push(start);
    return sid;
  };
  const walk = (v: unknown): unknown => {
    if (v instanceof Uint8Array) return { $bytes: stream(bytesStream(v)) };
    if (v instanceof ReadableStream) return { $stream: stream(v) };
    if (v instanceof Date) return { $date: v.getTime() };
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === "object") {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    }
    return v;
  };
  return { json: walk(value), starts };
}

async function collect(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Every stream a decoded value holds, so a value nobody wants can release them. */
export function streamsIn(value: unknown): ReadableStream<Uint8Array>[] {
  if (value instanceof ReadableStream) return [value];
  if (Array.isArray(value)) return value.flatMap(streamsIn);
  if (value && typeof value === "object" && !(value instanceof Uint8Array)) {
    return Object.values(value).flatMap(streamsIn);
  }
  return [];
}

/**
 * Decodes `json`. The peer's streams are taken up at once (before any later message is
 * handled); byte arrays resolve when their stream has arrived whole.
 */
export async function decodeValue(json: unknown, streams: StreamTable): Promise<unknown> {
  const pending: Promise<void>[] = [];
  const walk = (v: unknown, set: (decoded: unknown) => void): void => {
    if (Array.isArray(v)) {
      const out: unknown[] = [];
      v.forEach((x, i) => walk(x, (d) => out[i] = d));
      return set(out);
    }
    if (!v || typeof v !== "object") return set(v);
    const tagged = v as Record<string, unknown>;
    if (typeof tagged.$stream === "number") return set(streams.receive(tagged.$stream));
    if (typeof tagged.$bytes === "number") {
      return void pending.push(collect(streams.receive(tagged.$bytes)).then(set));
    }
    if (typeof tagged.$date === "number") return set(new Date(tagged.$date));
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(tagged)) walk(x, (d) => out[k] = d);
    set(out);
  };
  let value: unknown;
  walk(json, (d) => value = d);
  await Promise.all(pending);
  return value;
}
