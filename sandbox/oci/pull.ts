/**
 * @module
 * `docker pull` against a registry: resolves a reference to one image manifest (choosing a
 * platform from a manifest list or OCI index), fetches and verifies the config, and hands out
 * each layer as a stream of its uncompressed tar that is verified while it is read: the blob's
 * size and digest, then the config's `diff_id`. A layer whose stream ended without error is
 * complete; nothing is reported complete before that.
 */

import { DockerError } from "../errors.ts";
import { type ClientOptions, RegistryClient } from "./client.ts";
import { readLimited } from "./_stream.ts";
import { sha256Digest } from "./digest.ts";
import { openLayer } from "./layer_stream.ts";
import {
  type Descriptor,
  type ImageManifest,
  layerIsGzip,
  MANIFEST_ACCEPT,
  parseManifest,
  parsePlatform,
  type Platform,
  selectPlatform,
} from "./manifest.ts";
import { type ProgressHandler, shortId } from "./progress.ts";
import { familiarString, parseReference, type Reference } from "./reference.ts";
import { pullError, RegistryError, responseError } from "./registry_error.ts";

/** Options of a pull. */
export interface PullOptions extends ClientOptions {
  /** `os/arch[/variant]` or a Platform; `linux/amd64` by default. */
  platform?: string | Platform;
  onProgress?: ProgressHandler;
}

/** One layer of a pulled image. */
export interface PulledLayer {
  /** Digest of the blob as stored in the registry (compressed). */
  digest: string;
  size: number;
  mediaType: string;
  /** Digest of the uncompressed tar (from the config's `rootfs.diff_ids`). */
  diffId: string;
  /** Downloads the layer: its uncompressed tar, erroring at the end if it does not verify. */
  open(): ReadableStream<Uint8Array>;
  /** Reports the layer as already present (`Already exists`) instead of downloading it. */
  skip(): void;
}

/** An image resolved in a registry, ready to download layer by layer. */
export interface PulledImage {
  reference: Reference;
  /** Digest of the manifest (for a manifest list: of the list, as Docker reports). */
  manifestDigest: string;
  manifest: ImageManifest;
  configDigest: string;
  configBytes: Uint8Array;
  config: Record<string, unknown> & { rootfs?: { diff_ids?: string[] } };
  layers: PulledLayer[];
  /** Emits the closing `Digest:` and `Status:` lines. */
  finish(options?: { upToDate?: boolean }): void;
}

const MAX_MANIFEST = 4 << 20;
const MAX_CONFIG = 8 << 20;

async function fetchManifest(
  client: RegistryClient,
  ref: Reference,
  target: string,
  scope: string,
): Promise<{ bytes: Uint8Array; digest: string; contentType: string | null }> {
  const res = await client.request("GET", `${ref.path}/manifests/${target}`, {
    headers: { accept: MANIFEST_ACCEPT },
    scope,
  });
  if (!res.ok) throw pullError(await responseError(res), ref);
  const bytes = await readLimited(res, MAX_MANIFEST, "manifest");
  const digest = sha256Digest(bytes);
  if (target.startsWith("sha256:") && digest !== target) {
    throw new DockerError("System", `manifest verification failed for digest ${target}`);
  }
  return { bytes, digest, contentType: res.headers.get("content-type") };
}

async function fetchConfig(
  client: RegistryClient,
  ref: Reference,
  desc: Descriptor,
  scope: string,
): Promise<Uint8Array> {
  const res = await client.request("GET", `${ref.path}/blobs/${desc.digest}`, { scope });
  if (!res.ok) throw await responseError(res);
  const bytes = await readLimited(res, MAX_CONFIG, "image config");
  if (sha256Digest(bytes) !== desc.digest) {
    throw new DockerError("System", `image config verification failed for digest ${desc.digest}`);
  }
  return bytes;
}

/** Resolves `ref` in its registry and returns the image, its config and openable layers. */
export async function pullImage(
  reference: string | Reference,
  options: PullOptions = {},
): Promise<PulledImage> {
  const ref = typeof reference === "string" ? parseReference(reference) : reference;
  const emit = options.onProgress ?? (() => {});
  const platform = typeof options.platform === "object"
    ? options.platform
    : parsePlatform(options.platform);
  const client = new RegistryClient(ref.domain, options);
  const scope = `repository:${ref.path}:pull`;
  const top = await fetchManifest(client, ref, ref.digest ?? ref.tag ?? "latest", scope);
  emit({ kind: "status", status: `Pulling from ${ref.path}`, id: ref.tag ?? ref.digest });
  let parsed = parseManifest(top.bytes, top.contentType);
  if (parsed.kind === "index") {
    const chosen = selectPlatform(parsed.index, platform, familiarString(ref));
    const child = await fetchManifest(client, ref, chosen.digest, scope);
    parsed = parseManifest(child.bytes, child.contentType);
    if (parsed.kind !== "image") {
      throw new DockerError("System", "manifest list entry is itself a manifest list");
    }
  }
  const manifest = parsed.manifest;
  const configBytes = await fetchConfig(client, ref, manifest.config, scope).catch((err) => {
    throw err instanceof RegistryError ? pullError(err, ref) : err;
  });
  for (const layer of manifest.layers) layerIsGzip(layer.mediaType);
  let config;
  try {
    config = JSON.parse(new TextDecoder().decode(configBytes));
  } catch {
    throw new DockerError("System", `invalid image config ${manifest.config.digest}: not JSON`);
  }
  const diffIds: unknown = config?.rootfs?.diff_ids;
  if (!Array.isArray(diffIds) || diffIds.length !== manifest.layers.length) {
    throw new DockerError("System", "invalid image config: rootfs.diff_ids do not match layers");
  }
  const layers = manifest.layers.map((desc, i): PulledLayer => {
    const diffId = String(diffIds[i]);
    return {
      digest: desc.digest,
      size: desc.size,
      mediaType: desc.mediaType,
      diffId,
      open: () => openLayer(client, ref.path, desc, diffId, { scope, emit }),
      skip: () => emit({ kind: "layer", status: "Already exists", id: shortId(desc.digest) }),
    };
  });
  for (const desc of manifest.layers) {
    emit({ kind: "layer", status: "Pulling fs layer", id: shortId(desc.digest) });
  }
  return {
    reference: ref,
    manifestDigest: top.digest,
    manifest,
    configDigest: manifest.config.digest,
    configBytes,
    config,
    layers,
    finish({ upToDate = false } = {}) {
      emit({ kind: "status", status: `Digest: ${top.digest}` });
      const what = upToDate ? "Image is up to date for" : "Downloaded newer image for";
      emit({ kind: "status", status: `Status: ${what} ${familiarString(ref)}` });
    },
  };
}
