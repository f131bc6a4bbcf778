/**
 * @module
 * `docker commit`: the container's changes become a new layer over its image (saved as a tar for
 * push), its config (with `--change` instructions applied) the new image's config.
 */

import type { CommitOptions } from "../containers/backend.ts";
import { invalidParameter } from "../errors.ts";
import { digestStream, sha256Digest } from "../../../sandbox/oci/mod.ts";
import type { LayerFiles } from "./layer_files.ts";
import { drainTar } from "./tar_check.ts";
import { targetOf } from "./reference.ts";
import { RUN_KEYS, runConfig, setEnv } from "./run_config.ts";
import type { ImageRecord, ImageRunConfig, ImageStore, ImageTxn } from "./store.ts";

/** The container being committed. */
export interface CommitSource {
  id: string;
  imageId: string;
  /** Its changes against its image, as a layer tar. */
  changes(): Promise<ReadableStream<Uint8Array>>;
  config: Record<string, unknown>;
  /** The command that ran (for the history entry). */
  command: string;
}

function words(value: string): string[] {
  const v = value.trim();
  if (v.startsWith("[")) {
    try {
      const list = JSON.parse(v);
      if (Array.isArray(list)) return list.map(String);
    } catch { /* shell form */ }
  }
  return ["/bin/sh", "-c", v];
}

function pairs(value: string): [string, string][] {
  const out: [string, string][] = [];
  for (const m of value.matchAll(/([^\s=]+)=("(?:[^"\\]|\\.)*"|\S*)/g)) {
    out.push([m[1], m[2].startsWith('"') ? JSON.parse(m[2]) : m[2]]);
  }
  if (out.length === 0) {
    const [k, ...rest] = value.trim().split(/\s+/);
    out.push([k, rest.join(" ")]);
  }
  return out;
}

/** Applies Dockerfile instructions (`CMD`, `ENV`, `LABEL`, ...) as `docker commit -c` does. */
export function applyChanges(config: ImageRunConfig, changes: string[]): void {
  for (const line of changes) {
    const m = /^\s*(\w+)\s+(.*)$/s.exec(line);
    if (!m) throw invalidParameter(`dockerfile parse error: unknown instruction: ${line}`);
    const value = m[2];
    switch (m[1].toUpperCase()) {
      case "CMD":
        config.Cmd = words(value);
        break;
      case "ENTRYPOINT":
        config.Entrypoint = words(value);
        break;
      case "ENV":
        for (const [k, v] of pairs(value)) {
          config.Env = setEnv(config.Env, k, v);
        }
        break;
      case "LABEL":
        config.Labels = { ...config.Labels, ...Object.fromEntries(pairs(value)) };
        break;
      case "WORKDIR":
        config.WorkingDir = value.trim();
        break;
      case "USER":
        config.User = value.trim();
        break;
      case "EXPOSE":
        for (const p of value.trim().split(/\s+/)) {
          config.ExposedPorts = { ...config.ExposedPorts, [p.includes("/") ? p : `${p}/tcp`]: {} };
        }
        break;
      case "VOLUME":
        for (const v of value.startsWith("[") ? JSON.parse(value) : value.trim().split(/\s+/)) {
          config.Volumes = { ...config.Volumes, [v]: {} };
        }
        break;
      case "STOPSIGNAL":
        config.StopSignal = value.trim();
        break;
      default:
        throw invalidParameter(`${m[1].toUpperCase()} is not a valid change command`);
    }
  }
}

function runConfigOf(container: Record<string, unknown>, body: Record<string, unknown>) {
  return runConfig(Object.fromEntries(RUN_KEYS.map((key) => [key, body[key] ?? container[key]])));
}

/** A layer tar kept on disk (for containers, pushes and saves). */
export interface StoredLayer {
  diffId: string;
  size: number;
  entry: ImageRecord["layers"][number];
}

/**
 * Saves `tar` under its `diff_id`, read through to its end so a broken archive fails here; a
 * failure leaves no file behind. Shared by commit and import.
 */
export async function storeLayer(
  files: LayerFiles,
  tar: ReadableStream<Uint8Array>,
): Promise<StoredLayer> {
  const saved = await files.saveTar();
  const { stream: digest, result } = digestStream();
  try {
    await drainTar(tar.pipeThrough(saved.tee).pipeThrough(digest));
    const diffId = (await result).digest;
    await saved.commit(diffId);
    const size = saved.size();
    return { diffId, size, entry: await files.source(diffId, size) };
  } catch (err) {
    await saved.discard();
    throw err;
  }
}

/**
 * Commits the container into a new image in the store (saved at once, or with `txn` when the
 * transaction commits).
 */
export function commitContainer(
  store: ImageStore,
  files: LayerFiles,
  source: CommitSource,
  options: CommitOptions,
  txn?: ImageTxn,
): Promise<ImageRecord> {
  return files.writing(
    () => commitInto(store, files, source, options, txn),
    txn ? undefined : store,
  );
}

async function commitInto(
  store: ImageStore,
  files: LayerFiles,
  source: CommitSource,
  options: CommitOptions,
  txn?: ImageTxn,
): Promise<ImageRecord> {
  const parent = store.forContainer(source.imageId) ?? store.get(source.imageId);
  const target = options.repo ? targetOf(options.repo, options.tag) : undefined;
  const config = runConfigOf(source.config, options.config);
  applyChanges(config, options.changes);
  const stored = await storeLayer(files, await source.changes());
  const { diffId } = stored;
  const parentConfig = JSON.parse(new TextDecoder().decode(parent.configBytes));
  const created = new Date().toISOString();
  const step = {
    created,
    created_by: source.command,
    ...(options.author ? { author: options.author } : {}),
    ...(options.comment ? { comment: options.comment } : {}),
  };
  const history = [...parent.history, step];
  const configBytes = new TextEncoder().encode(JSON.stringify({
    ...parentConfig,
    ...(options.author ? { author: options.author } : {}),
    config,
    container: source.id,
    created,
    history,
    rootfs: { type: "layers", diff_ids: [...parent.layers.map((l) => l.diffId), diffId] },
  }));
  const layerSize = stored.size;
  const record: ImageRecord = {
    id: sha256Digest(configBytes),
    repoTags: target ? [target] : [],
    repoDigests: [],
    created,
    config,
    size: parent.size + layerSize,
    architecture: parent.architecture,
    os: parent.os,
    configBytes,
    layers: [...parent.layers, stored.entry],
    history,
    parent: parent.id,
    comment: options.comment,
    author: options.author,
  };
  return store.add(record, { txn });
}
