/**
 * @module
 * Stream helpers: a stream opened on first read (exported, for the memory backend's layer
 * files too), a bounded read of a small body, gzip both ways, and fixed-size blocks.
 */

import { DockerError } from "../errors.ts";

/**
 * A stream whose source is opened when first read, so `open()` can stay synchronous; a failed
 * open or read is reported to `onError` before it errors the stream.
 */
export function lazyStream(
  open: () => Promise<ReadableStream<Uint8Array>> | ReadableStream<Uint8Array>,
  onError: (err: unknown) => void = () => {},
): ReadableStream<Uint8Array> {
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        reader ??= (await open()).getReader();
        const { done, value } = await reader.read();
        if (done) controller.close();
        else controller.enqueue(value);
      } catch (err) {
        onError(err);
        controller.error(err);
      }
    },
    cancel(reason) {
      return reader?.cancel(reason);
    },
  }, { highWaterMark: 0 });
}

/** Reads a response body of at most `max` bytes (manifests, configs). */
export async function readLimited(res: Response, max: number, what: string): Promise<Uint8Array> {
  if (!res.body) return new Uint8Array();
  let size = 0;
  const limit = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      size += chunk.byteLength;
      if (size > max) {
        throw new DockerError("System", `${what} is larger than the ${max} bytes allowed`);
      }
      controller.enqueue(chunk);
    },
  });
  return new Uint8Array(await new Response(res.body.pipeThrough(limit)).arrayBuffer());
}

/** A gzip compressor typed for `Uint8Array` streams. */
export function gzip(): TransformStream<Uint8Array, Uint8Array> {
  return new CompressionStream("gzip") as unknown as TransformStream<Uint8Array, Uint8Array>;
}

/**
 * Regroups a byte stream into blocks of exactly `size` bytes (the last may be shorter), so a
 * compressor that flushes per chunk sees the same chunks for the same bytes.
 */
export function fixedChunks(size: number): TransformStream<Uint8Array, Uint8Array> {
  let block = new Uint8Array(size);
  let filled = 0;
  return new TransformStream({
    transform(chunk, controller) {
      let off = 0;
      while (off < chunk.byteLength) {
        const n = Math.min(size - filled, chunk.byteLength - off);
        block.set(chunk.subarray(off, off + n), filled);
        filled += n;
        off += n;
        if (filled === size) {
          controller.enqueue(block);
          block = new Uint8Array(size);
          filled = 0;
        }
      }
    },
    flush(controller) {
      if (filled > 0) controller.enqueue(block.slice(0, filled));
    },
  });
}

/** A gzip decompressor typed for `Uint8Array` streams. */
export function gunzip(): TransformStream<Uint8Array, Uint8Array> {
  return new DecompressionStream("gzip") as unknown as TransformStream<Uint8Array, Uint8Array>;
}
