/**
 * @module
 * `docker load`: reads a docker-archive (or an OCI layout with `manifest.json`, as recent
 * `docker save` writes) from a stream. Entries are written to a scratch folder as they arrive
 * (the manifest may come last); then each image's config is checked against its layers'
 * `diff_ids` while the layers are saved. A bad archive leaves no image behind. The
 * scratch folder is in the data root's `tmp/`, emptied at start if a crash cut a load short.
 */

import { createTarDecoder } from "modern-tar";
import { invalidParameter } from "../errors.ts";
import { digestStream, gunzip, sha256Digest } from "../../../sandbox/oci/mod.ts";
import { type LayerFiles, lazyFile, type SavedTar } from "./layer_files.ts";
import { parseShortReference, tagged } from "./reference.ts";
import { runConfig } from "./run_config.ts";
import { drainTar } from "./tar_check.ts";
import type { ImageRecord, ImageStore, LayerSource } from "./store.ts";

interface ManifestEntry {
  Config: string;
  RepoTags?: string[] | null;
  Layers: string[];
}

function safePath(name: string): string {
  const parts = name.split("/").filter((p) => p !== "" && p !== ".");
  if (parts.some((p) => p === "..")) throw invalidParameter(`invalid archive entry: ${name}`);
  return parts.join("/");
}

async function unpack(stream: ReadableStream<Uint8Array>, dir: string): Promise<void> {
  for await (const entry of stream.pipeThrough(createTarDecoder())) {
    const path = safePath(entry.header.name);
    if (entry.header.type !== "file" && entry.header.type !== undefined || !path) {
      await entry.body.cancel();
      continue;
    }
    const target = `${dir}/${path}`;
    await Deno.mkdir(target.slice(0, target.lastIndexOf("/")), { recursive: true });
    await Deno.writeFile(target, entry.body);
  }
}

/** A layer file as its tar: gzip is undone when the file starts with gzip's magic bytes. */
async function layerStream(path: string): Promise<ReadableStream<Uint8Array>> {
  const head = new Uint8Array(2);
  const f = await Deno.open(path);
  const n = await f.read(head);
  f.close();
  const raw = lazyFile(path);
  return n === 2 && head[0] === 0x1f && head[1] === 0x8b ? raw.pipeThrough(gunzip()) : raw;
}

async function loadOne(
  store: ImageStore,
  files: LayerFiles,
  dir: string,
  entry: ManifestEntry,
): Promise<ImageRecord> {
  const configBytes = await Deno.readFile(`${dir}/${safePath(entry.Config)}`);
  const id = sha256Digest(configBytes);
  const config = JSON.parse(new TextDecoder().decode(configBytes));
  const diffIds: string[] = config?.rootfs?.diff_ids ?? [];
  if (diffIds.length !== entry.Layers.length) {
    throw invalidParameter("invalid archive: the config's diff_ids do not match its layers");
  }
  const tags = (entry.RepoTags ?? []).map((t) => tagged(parseShortReference(t)));
  const existing = store.find(id);
  if (existing) return store.add({ ...existing, repoTags: tags });
  const saved: SavedTar[] = [];
  try {
    const checks: Promise<void>[] = [];
    for (const [i, name] of entry.Layers.entries()) {
      const tar = await files.saveTar();
      saved.push(tar);
      const { stream, result } = digestStream();
      const check = result.then((d) => {
        if (d.digest !== diffIds[i]) {
          throw invalidParameter(`invalid archive: layer ${name} does not match ${diffIds[i]}`);
        }
      });
      check.catch(() => {});
      checks.push(check);
      await drainTar(
        (await layerStream(`${dir}/${safePath(name)}`)).pipeThrough(stream).pipeThrough(tar.tee),
      );
    }
    await Promise.all(checks);
    for (const [i, tar] of saved.entries()) await tar.commit(diffIds[i]);
  } catch (err) {
    for (const tar of saved) await tar.discard();
    throw err;
  }
  const sources: LayerSource[] = [];
  for (const [i, diffId] of diffIds.entries()) {
    sources.push(await files.source(diffId, saved[i].size()));
  }
  return store.add({
    id,
    repoTags: tags,
    repoDigests: [],
    created: config.created ?? new Date(0).toISOString(),
    config: runConfig(config.config),
    size: saved.reduce((n, t) => n + t.size(), 0),
    architecture: config.architecture ?? "amd64",
    os: config.os ?? "linux",
    configBytes,
    layers: sources,
    history: config.history ?? [],
  });
}

/** Loads every image of the archive; answers Docker's `Loaded image: …` lines. */
export async function loadArchive(
  store: ImageStore,
  files: LayerFiles,
  archive: ReadableStream<Uint8Array>,
): Promise<string[]> {
  return await files.writing(() => loadInto(store, files, archive), store);
}

async function loadInto(
  store: ImageStore,
  files: LayerFiles,
  archive: ReadableStream<Uint8Array>,
): Promise<string[]> {
  const dir = await Deno.makeTempDir({ dir: (await files.dirs()).tmp, prefix: "load-" });
  try {
    await unpack(archive, dir);
    let manifest: ManifestEntry[];
    try {
      manifest = JSON.parse(await Deno.readTextFile(`${dir}/manifest.json`));
    } catch {
      throw invalidParameter("invalid archive: no readable manifest.json");
    }
    const lines: string[] = [];
    for (const entry of manifest) {
      const image = await loadOne(store, files, dir, entry);
      const tags = (entry.RepoTags ?? []).map((t) => tagged(parseShortReference(t)));
      if (tags.length === 0) lines.push(`Loaded image ID: ${image.id}`);
      for (const tag of tags) lines.push(`Loaded image: ${tag}`);
    }
    return lines;
  } finally {
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
}
