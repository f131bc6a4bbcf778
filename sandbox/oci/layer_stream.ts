/**
 * @module
 * One layer download as a stream: blob bytes → progress → size and digest check → gunzip →
 * `diff_id` check. Every check runs while the bytes flow; a failed one errors the stream, and
 * the completion events (`Download complete`, `Pull complete`) come only after the checks pass.
 */

import type { RegistryClient } from "./client.ts";
import { gunzip, lazyStream } from "./_stream.ts";
import { verifyingStream } from "./digest.ts";
import { type Descriptor, layerIsGzip } from "./manifest.ts";
import { type ProgressHandler, progressStream, shortId } from "./progress.ts";
import { responseError } from "./registry_error.ts";

/** Opens a blob of a repository as a stream (no verification). */
export async function fetchBlob(
  client: RegistryClient,
  path: string,
  digest: string,
  scope: string,
): Promise<ReadableStream<Uint8Array>> {
  const res = await client.request("GET", `${path}/blobs/${digest}`, { scope });
  if (!res.ok) throw await responseError(res);
  if (!res.body) return new ReadableStream({ start: (c) => c.close() });
  return res.body;
}

/** Downloads a layer and returns its verified, uncompressed tar. */
export function openLayer(
  client: RegistryClient,
  path: string,
  desc: Descriptor,
  diffId: string,
  context: { scope: string; emit: ProgressHandler },
): ReadableStream<Uint8Array> {
  const { emit, scope } = context;
  const id = shortId(desc.digest);
  const gzip = layerIsGzip(desc.mediaType);
  const blob = lazyStream(() => fetchBlob(client, path, desc.digest, scope))
    .pipeThrough(progressStream(emit, "Downloading", id, desc.size))
    .pipeThrough(verifyingStream({
      digest: desc.digest,
      size: desc.size,
      mismatch: `filesystem layer verification failed for digest ${desc.digest}`,
      onVerified() {
        emit({ kind: "layer", status: "Verifying Checksum", id });
        emit({ kind: "layer", status: "Download complete", id });
      },
    }));
  const tar = gzip ? blob.pipeThrough(gunzip()) : blob;
  return tar.pipeThrough(verifyingStream({
    digest: diffId,
    mismatch: `layer ${desc.digest} does not match its diff_id ${diffId}`,
    onVerified: () => emit({ kind: "layer", status: "Pull complete", id }),
  }));
}
