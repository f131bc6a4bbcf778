/**
 * @module
 * SHA-256 digests computed while bytes stream by (`node:crypto` hashes incrementally; WebCrypto
 * cannot), and a verifying stream that fails at the end when the digest or the size is wrong, so
 * a truncated or corrupted blob never reads as complete.
 */

import { createHash } from "node:crypto";
import { DockerError } from "../errors.ts";

/** A digest and the number of bytes it covers. */
export interface Digested {
  digest: string;
  size: number;
}

/** `sha256:<hex>` of some bytes. */
export function sha256Digest(bytes: Uint8Array): string {
  return `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
}

/** A pass-through stream whose `result` resolves with the digest and size once it has ended. */
export function digestStream(): {
  stream: TransformStream<Uint8Array, Uint8Array>;
  result: Promise<Digested>;
} {
  const hash = createHash("sha256");
  let size = 0;
  const { promise, resolve, reject } = Promise.withResolvers<Digested>();
  promise.catch(() => {});
  const stream = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      hash.update(chunk);
      size += chunk.byteLength;
      controller.enqueue(chunk);
    },
    flush() {
      resolve({ digest: `sha256:${hash.digest("hex")}`, size });
    },
    cancel(reason) {
      reject(reason);
    },
  });
  return { stream, result: promise };
}

/** Reads a stream to its end and returns its digest and size. */
export async function digestOf(stream: ReadableStream<Uint8Array>): Promise<Digested> {
  const hash = createHash("sha256");
  let size = 0;
  for await (const chunk of stream) {
    hash.update(chunk);
    size += chunk.byteLength;
  }
  return { digest: `sha256:${hash.digest("hex")}`, size };
}

/** What a verifying stream checks and how it names the content in errors. */
export interface Expected {
  digest: string;
  /** Exact byte count, when known. */
  size?: number;
  /** Message for a digest mismatch (default: `digest mismatch for <digest>`). */
  mismatch?: string;
  /** Called after the digest has been verified, before the stream closes. */
  onVerified?: () => void;
}

/**
 * A pass-through stream that errors when more than `size` bytes come, when fewer come
 * (`unexpected EOF`), or when the digest differs. It holds back the last chunk until the digest
 * has been verified, so a reader never reaches the end of unverified content. Only `sha256`.
 */
export function verifyingStream(expected: Expected): TransformStream<Uint8Array, Uint8Array> {
  if (!expected.digest.startsWith("sha256:")) {
    throw new DockerError("InvalidParameter", `unsupported digest algorithm: ${expected.digest}`);
  }
  const hash = createHash("sha256");
  let size = 0;
  let held: Uint8Array | undefined;
  return new TransformStream({
    transform(chunk, controller) {
      size += chunk.byteLength;
      if (expected.size !== undefined && size > expected.size) {
        throw new DockerError(
          "System",
          `blob ${expected.digest} is larger than the ${expected.size} bytes announced`,
        );
      }
      hash.update(chunk);
      if (held) controller.enqueue(held);
      held = chunk;
    },
    flush(controller) {
      if (expected.size !== undefined && size < expected.size) {
        throw new DockerError(
          "System",
          `unexpected EOF: blob ${expected.digest} ended after ${size} of ${expected.size} bytes`,
        );
      }
      const actual = `sha256:${hash.digest("hex")}`;
      if (actual !== expected.digest) {
        throw new DockerError(
          "System",
          expected.mismatch ?? `digest mismatch for ${expected.digest}: got ${actual}`,
        );
      }
      if (held) controller.enqueue(held);
      expected.onVerified?.();
    },
  });
}
