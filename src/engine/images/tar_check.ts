/**
 * @module
 * Checks that an uploaded tarball really is one before it is unpacked (gzip is undone first):
 * the first header block must carry a valid checksum, as Go's archive/tar requires. Streams on
 * without buffering more than the first block.
 */

import { DockerError, invalidParameter } from "../errors.ts";
import { createTarDecoder } from "modern-tar";
import { gunzip } from "../../../sandbox/oci/mod.ts";

const BLOCK = 512;

function headerValid(block: Uint8Array): boolean {
  if (block.every((b) => b === 0)) return true; // an empty archive
  const field = new TextDecoder().decode(block.subarray(148, 156)).replace(/[\0 ]+$/g, "").trim();
  const expected = parseInt(field, 8);
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : block[i];
  return Number.isFinite(expected) && sum === expected;
}

async function firstBlock(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<Uint8Array> {
  let head = new Uint8Array(0);
  while (head.byteLength < BLOCK) {
    const { done, value } = await reader.read();
    if (done) break;
    const joined = new Uint8Array(head.byteLength + value.byteLength);
    joined.set(head);
    joined.set(value, head.byteLength);
    head = joined;
  }
  return head;
}

function prepend(head: Uint8Array, reader: ReadableStreamDefaultReader<Uint8Array>) {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      if (head.byteLength) controller.enqueue(head);
    },
    async pull(controller) {
      const { done, value } = await reader.read();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    cancel: (reason) => reader.cancel(reason),
  });
}

/** Compressions dockerd also undoes that the runtime has no decompressor for. */
const UNSUPPORTED: [string, number[]][] = [
  ["bzip2", [0x42, 0x5a, 0x68]],
  ["xz", [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]],
  ["zstd", [0x28, 0xb5, 0x2f, 0xfd]],
];

/**
 * `input` gunzipped when it starts with gzip's magic bytes, else as it is. A bzip2, xz or zstd
 * archive is refused by name rather than misread as a broken tar.
 */
export async function gunzipIfNeeded(
  input: ReadableStream<Uint8Array>,
): Promise<ReadableStream<Uint8Array>> {
  const raw = input.getReader();
  const start = await firstBlock(raw);
  const stream = prepend(start, raw);
  const unsupported = UNSUPPORTED.find(([, magic]) => magic.every((b, i) => start[i] === b));
  if (unsupported) {
    await stream.cancel().catch(() => {});
    throw new DockerError(
      "NotImplemented",
      `${
        unsupported[0]
      }-compressed archives are not supported by the memory backend: send a plain or gzip tar`,
    );
  }
  if (start[0] !== 0x1f || start[1] !== 0x8b) return stream;
  return stream.pipeThrough(gunzip());
}

/** The tar inside `input` (gunzipped when gzip), or a 400 when it is not a tar. */
export async function checkedTar(
  input: ReadableStream<Uint8Array>,
): Promise<ReadableStream<Uint8Array>> {
  const reader = (await gunzipIfNeeded(input)).getReader();
  const block = await firstBlock(reader);
  if (block.byteLength < BLOCK || !headerValid(block.subarray(0, BLOCK))) {
    await reader.cancel().catch(() => {});
    throw invalidParameter("invalid tar archive: archive/tar: invalid tar header");
  }
  return prepend(block, reader);
}

/** Reads a tar through to its end, entry by entry, so a broken archive fails; keeps nothing. */
export async function drainTar(tar: ReadableStream<Uint8Array>): Promise<void> {
  for await (const entry of tar.pipeThrough(createTarDecoder())) await entry.body.cancel();
}
