/**
 * @module
 * `docker push` to a registry. A layer whose blob digest is known (from an earlier push or pull)
 * is checked with HEAD and skipped when present (`Layer already exists`), else uploaded as a
 * stream (POST, then PUT with `?digest=`, re-verifying the digest). A layer given only as a tar
 * is gzipped and uploaded in one streamed pass (POST, PATCH, then PUT with the digest computed
 * on the way), its `diff_id` checked against the config. Then the config blob and a Docker v2
 * schema 2 manifest. The same input always gives the same manifest digest (gzip without
 * timestamps, fixed JSON layout).
 */

import { DockerError, invalidParameter } from "../errors.ts";
import { type ClientOptions, RegistryClient, type RegistryRequest } from "./client.ts";
import { type Digested, digestStream, sha256Digest, verifyingStream } from "./digest.ts";
import { diffIdStream, gzipStream } from "./layer_digest.ts";
import { type Descriptor, type ImageManifest, MediaType } from "./manifest.ts";
import { type ProgressHandler, progressStream, shortId } from "./progress.ts";
import { parseReference, type Reference, repositoryName } from "./reference.ts";
import { responseError } from "./registry_error.ts";

/** A layer to push. */
export interface PushLayer {
  /** Opens the layer from its start: a tar, or its gzip blob when `compressed`. */
  open(): ReadableStream<Uint8Array>;
  /** `open()` yields the gzip blob as stored in the registry, not the tar. */
  compressed?: boolean;
  /** Digest and size of the gzip blob, when known: enables the `Layer already exists` check. */
  digest?: string;
  size?: number;
  /** The tar's `diff_id` (default: the config's `rootfs.diff_ids` entry); the progress id. */
  diffId?: string;
  /** Size of the tar, for the progress total of a streamed upload. */
  tarSize?: number;
}

/** Options of a push. */
export interface PushOptions extends ClientOptions {
  /** The image config (`rootfs.diff_ids` must list the layers' tars in order). */
  config: Uint8Array | string | Record<string, unknown>;
  layers: PushLayer[];
  onProgress?: ProgressHandler;
}

/** What the registry now holds. */
export interface PushResult {
  /** Digest of the manifest. */
  digest: string;
  /** Size of the manifest in bytes. */
  size: number;
  manifest: Uint8Array;
  /** The layer blobs as pushed, in order (cache these to skip the digest pass next time). */
  layers: Descriptor[];
}

const OCTETS = { "content-type": "application/octet-stream" };

async function blobExists(client: RegistryClient, path: string, digest: string, scope: string) {
  const res = await client.request("HEAD", `${path}/blobs/${digest}`, { scope });
  await res.body?.cancel();
  if (res.status === 200) return true;
  if (res.status === 404) return false;
  throw await responseError(res);
}

async function startUpload(client: RegistryClient, path: string, scope: string) {
  const start = await client.request("POST", `${path}/blobs/uploads/`, { scope });
  if (start.status !== 202) throw await responseError(start);
  await start.body?.cancel();
  const location = start.headers.get("location");
  if (!location) throw new DockerError("System", "registry started an upload without a Location");
  return location;
}

async function finishUpload(
  client: RegistryClient,
  location: string,
  digest: string,
  init: RegistryRequest,
): Promise<void> {
  const url = new URL(client.url(location));
  url.searchParams.set("digest", digest);
  const put = await client.request("PUT", url.href, init);
  if (put.status !== 201) throw await responseError(put);
  await put.body?.cancel();
}

/** Uploads a blob of known digest in one PUT (the body may be a stream). */
async function uploadBlob(
  client: RegistryClient,
  path: string,
  scope: string,
  digest: string,
  body: ReadableStream<Uint8Array> | Uint8Array,
): Promise<void> {
  const location = await startUpload(client, path, scope);
  await finishUpload(client, location, digest, { body, headers: OCTETS, scope });
}

/** Uploads a blob of unknown digest: a streamed PATCH, then PUT with the digest computed. */
async function uploadStreamed(
  client: RegistryClient,
  path: string,
  scope: string,
  blob: ReadableStream<Uint8Array>,
): Promise<Digested> {
  const location = await startUpload(client, path, scope);
  const { stream, result } = digestStream();
  const patch = await client.request("PATCH", location, {
    body: blob.pipeThrough(stream),
    headers: OCTETS,
    scope,
  });
  if (patch.status !== 202) throw await responseError(patch);
  await patch.body?.cancel();
  const digested = await result;
  await finishUpload(client, patch.headers.get("location") ?? location, digested.digest, { scope });
  return digested;
}

/** Pushes one layer and returns its blob descriptor. */
async function pushLayer(
  client: RegistryClient,
  path: string,
  scope: string,
  layer: PushLayer,
  diffId: string,
  emit: ProgressHandler,
): Promise<Descriptor> {
  const id = shortId(layer.diffId ?? diffId);
  const mediaType = MediaType.dockerLayerGzip;
  const { digest, size } = layer;
  if (digest !== undefined && size !== undefined) {
    if (await blobExists(client, path, digest, scope)) {
      emit({ kind: "layer", status: "Layer already exists", id });
    } else {
      const blob = layer.compressed ? layer.open() : gzipStream(layer.open());
      const body = blob
        .pipeThrough(verifyingStream({ digest, size }))
        .pipeThrough(progressStream(emit, "Pushing", id, size));
      await uploadBlob(client, path, scope, digest, body);
      emit({ kind: "layer", status: "Pushed", id });
    }
    return { mediaType, digest, size };
  }
  if (layer.compressed) throw invalidParameter("a compressed layer needs its digest and size");
  const tar = diffIdStream(
    layer.open().pipeThrough(progressStream(emit, "Pushing", id, layer.tarSize ?? 0)),
  );
  const blob = await uploadStreamed(client, path, scope, gzipStream(tar.stream));
  const actual = (await tar.diffId).digest;
  const wanted = layer.diffId ?? diffId;
  if (wanted !== actual) {
    throw invalidParameter(`layer diff_id ${actual} does not match the config's ${wanted}`);
  }
  emit({ kind: "layer", status: "Pushed", id });
  return { mediaType, ...blob };
}

/** The config's `rootfs.diff_ids`, checked against the number of layers. */
function diffIdsOf(config: Uint8Array, layers: number): string[] {
  let parsed;
  try {
    parsed = JSON.parse(new TextDecoder().decode(config));
  } catch {
    throw invalidParameter("invalid image config: not JSON");
  }
  const diffIds = parsed?.rootfs?.diff_ids ?? [];
  if (!Array.isArray(diffIds) || diffIds.length !== layers) {
    throw invalidParameter(`image config lists ${diffIds.length} diff_ids for ${layers} layers`);
  }
  return diffIds.map(String);
}

function configBytesOf(config: PushOptions["config"]): Uint8Array {
  if (config instanceof Uint8Array) return config;
  return new TextEncoder().encode(typeof config === "string" ? config : JSON.stringify(config));
}

/** Pushes an image to `ref` (its tag, or its digest when it has no tag). */
export async function pushImage(
  reference: string | Reference,
  options: PushOptions,
): Promise<PushResult> {
  const ref = typeof reference === "string" ? parseReference(reference) : reference;
  const emit = options.onProgress ?? (() => {});
  const client = new RegistryClient(ref.domain, options);
  const scope = `repository:${ref.path}:pull,push`;
  const configBytes = configBytesOf(options.config);
  const diffIds = diffIdsOf(configBytes, options.layers.length);
  emit({ kind: "status", status: `The push refers to repository [${repositoryName(ref)}]` });
  for (const [i, layer] of options.layers.entries()) {
    emit({ kind: "layer", status: "Preparing", id: shortId(layer.diffId ?? diffIds[i]) });
  }
  const layers: Descriptor[] = [];
  for (const [i, layer] of options.layers.entries()) {
    layers.push(await pushLayer(client, ref.path, scope, layer, diffIds[i], emit));
  }
  const config = { mediaType: MediaType.dockerConfig, digest: sha256Digest(configBytes) };
  if (!await blobExists(client, ref.path, config.digest, scope)) {
    await uploadBlob(client, ref.path, scope, config.digest, configBytes);
  }
  const manifest: ImageManifest = {
    schemaVersion: 2,
    mediaType: MediaType.dockerManifest,
    config: { ...config, size: configBytes.byteLength },
    layers,
  };
  const bytes = new TextEncoder().encode(JSON.stringify(manifest, null, 3));
  const digest = sha256Digest(bytes);
  const res = await client.request("PUT", `${ref.path}/manifests/${ref.tag ?? digest}`, {
    body: bytes,
    headers: { "content-type": MediaType.dockerManifest },
    scope,
  });
  if (res.status !== 201) throw await responseError(res);
  await res.body?.cancel();
  const stored = res.headers.get("docker-content-digest");
  if (stored && stored !== digest) {
    throw new DockerError("System", `registry stored manifest ${stored}, expected ${digest}`);
  }
  const tag = ref.tag ?? digest;
  emit({ kind: "status", status: `${tag}: digest: ${digest} size: ${bytes.byteLength}` });
  emit({ kind: "aux", tag, digest, size: bytes.byteLength });
  return { digest, size: bytes.byteLength, manifest: bytes, layers: manifest.layers };
}
