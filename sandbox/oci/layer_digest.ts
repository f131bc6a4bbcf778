/**
 * @module
 * Digests of a layer tar computed while it streams: the `diff_id` (sha256 of the uncompressed
 * tar, what an image config lists) and, for push, the digest and size of its gzip blob.
 */

import { fixedChunks, gzip } from "./_stream.ts";
import { type Digested, digestOf, digestStream } from "./digest.ts";

/** The digests of a layer: its tar's `diff_id` and its gzip blob's digest and size. */
export interface LayerDigests {
  diffId: string;
  /** Size of the uncompressed tar. */
  tarSize: number;
  /** Digest of the gzip-compressed blob. */
  digest: string;
  /** Size of the gzip-compressed blob. */
  size: number;
}

/**
 * Gzip-compresses a tar stream deterministically: no name, mtime 0, and fixed 1 MiB input
 * blocks, since the runtime's compressor flushes at every chunk it is given.
 */
export function gzipStream(tar: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
  return tar.pipeThrough(fixedChunks(1 << 20)).pipeThrough(gzip());
}

/**
 * Wraps a tar stream so that its `diff_id` is known once it has been read to the end
 * (for commit: hash the tar while writing it elsewhere).
 */
export function diffIdStream(
  tar: ReadableStream<Uint8Array>,
): { stream: ReadableStream<Uint8Array>; diffId: Promise<Digested> } {
  const { stream, result } = digestStream();
  return { stream: tar.pipeThrough(stream), diffId: result };
}

/** Reads a tar once and returns its `diff_id` and the digest and size of its gzip blob. */
export async function layerDigests(tar: ReadableStream<Uint8Array>): Promise<LayerDigests> {
  const { stream, diffId } = diffIdStream(tar);
  const blob = await digestOf(gzipStream(stream));
  const tarDigest = await diffId;
  return {
    diffId: tarDigest.digest,
    tarSize: tarDigest.size,
    digest: blob.digest,
    size: blob.size,
  };
}
