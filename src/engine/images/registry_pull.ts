/**
 * @module
 * `docker pull` from a registry into the store: each verified layer stream is saved as a tar (the
 * runtime unpacks it when a container needs it). A
 * failure anywhere leaves no image and no saved tar behind; the image is durable before the
 * pull's last progress line.
 */

import {
  familiarName,
  familiarString,
  type ProgressEvent,
  pullImage,
  type Reference,
  type RegistryAuth,
  toJsonMessage,
} from "../../../sandbox/oci/mod.ts";
import type { LayerFiles, SavedTar } from "./layer_files.ts";
import { drainTar } from "./tar_check.ts";
import { runConfig } from "./run_config.ts";
import type { ImageRecord, ImageStore, LayerSource } from "./store.ts";

/** What a pull reports to and authenticates with. */
export interface PullContext {
  auth?: RegistryAuth;
  platform?: string;
  onProgress: (message: Record<string, unknown>) => void;
}

type RawConfig = Record<string, unknown>;

/** Pulls `ref` from its registry; answers the stored (or already present) image. */
export async function registryPull(
  store: ImageStore,
  files: LayerFiles,
  ref: Reference,
  ctx: PullContext,
): Promise<ImageRecord> {
  const emit = (e: ProgressEvent) => ctx.onProgress(toJsonMessage(e) as Record<string, unknown>);
  const pulled = await pullImage(ref, {
    auth: ctx.auth,
    platform: ctx.platform || undefined,
    onProgress: emit,
  });
  const tags = ref.tag ? [familiarString({ ...ref, digest: undefined })] : [];
  const digest = `${familiarName(ref)}@${pulled.manifestDigest}`;
  const existing = store.find(pulled.configDigest);
  if (existing) {
    for (const layer of pulled.layers) layer.skip();
    const upToDate = tags.every((t) => existing.repoTags.includes(t));
    existing.repoDigests = [...new Set([...existing.repoDigests, digest])];
    store.add({ ...existing, repoTags: tags });
    await store.save();
    pulled.finish({ upToDate });
    return existing;
  }
  const saved: SavedTar[] = [];
  const sources: LayerSource[] = [];
  const streams: ReadableStream<Uint8Array>[] = [];
  try {
    // Every layer is opened at once (their downloads start together), then read in order.
    for (const l of pulled.layers) {
      const tar = await files.saveTar();
      saved.push(tar);
      streams.push(l.open().pipeThrough(tar.tee));
    }
    for (const stream of streams) await drainTar(stream);
    for (const [i, tar] of saved.entries()) {
      await tar.commit(pulled.layers[i].diffId);
      sources.push(await files.source(pulled.layers[i].diffId, tar.size()));
    }
  } catch (err) {
    // The layers after a failed one are not read: their downloads stop.
    for (const stream of streams) await stream.cancel().catch(() => {});
    for (const tar of saved) await tar.discard();
    throw err;
  }
  const config = pulled.config as RawConfig;
  const record: ImageRecord = {
    id: pulled.configDigest,
    repoTags: tags,
    repoDigests: [digest],
    created: (config.created as string | undefined) ?? new Date(0).toISOString(),
    config: runConfig(config.config as RawConfig | undefined),
    size: saved.reduce((n, t) => n + t.size(), 0),
    architecture: (config.architecture as string | undefined) ?? "amd64",
    os: (config.os as string | undefined) ?? "linux",
    configBytes: pulled.configBytes,
    layers: sources,
    history: (config.history as Record<string, unknown>[] | undefined) ?? [],
  };
  store.add(record);
  await store.save();
  pulled.finish();
  return record;
}
