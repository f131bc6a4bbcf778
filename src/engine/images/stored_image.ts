/**
 * @module
 * An image record as JSON for `images/db/<hex>.json` and back. The config bytes are kept as
 * base64 (the image id is their digest, so they must come back byte for byte); layers keep their
 * `diff_id`, size and catalogue mark; tags and digests live in the index, not here.
 */

import type { IndexEntry } from "./image_disk.ts";
import { type LayerCache } from "../../backends/memory/images/layer_cache.ts";
import { lazyStream } from "../../../sandbox/oci/mod.ts";
import { hexOf, lazyFile } from "./layer_files.ts";
import { layerTar } from "../../../sandbox/runtime/layer_tar.ts";
import type { ImageRecord, ImageRunConfig, LayerSource } from "./store.ts";

/** One layer of a stored image. */
export interface StoredLayer {
  diffId: string;
  size: number;
  catalogue?: string;
}

/** An image record on disk. */
export interface StoredImage {
  id: string;
  created: string;
  config: ImageRunConfig;
  size: number;
  architecture: string;
  os: string;
  configBytes: string;
  layers: StoredLayer[];
  history: Record<string, unknown>[];
  parent?: string;
  comment?: string;
  author?: string;
}

function toBase64(bytes: Uint8Array): string {
  let text = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(text);
}

function fromBase64(text: string): Uint8Array {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}

/** The JSON form of an image (everything but its tags and digests). */
export function storedImage(img: ImageRecord): StoredImage {
  return {
    id: img.id,
    created: img.created,
    config: img.config,
    size: img.size,
    architecture: img.architecture,
    os: img.os,
    configBytes: toBase64(img.configBytes),
    layers: img.layers.map((l) => ({
      diffId: l.diffId,
      size: l.size,
      ...(l.catalogue ? { catalogue: l.catalogue } : {}),
    })),
    history: img.history,
    ...(img.parent ? { parent: img.parent } : {}),
    ...(img.comment ? { comment: img.comment } : {}),
    ...(img.author ? { author: img.author } : {}),
  };
}

/** A catalogue layer's source: its tar is generated from its filesystem when read. */
function catalogueSource(layer: StoredLayer, cache: LayerCache): LayerSource {
  const source: LayerSource = {
    diffId: layer.diffId,
    size: layer.size,
    catalogue: layer.catalogue,
    open: () => lazyStream(async () => layerTar(await cache.load([source], layer.catalogue!))),
  };
  return source;
}

/** The record of a stored image, its layers read from `layersDir` when opened. */
export function restoreImage(
  stored: StoredImage,
  entry: IndexEntry,
  layersDir: string,
  cache: LayerCache,
): ImageRecord {
  const layers = stored.layers.map((l): LayerSource =>
    l.catalogue ? catalogueSource(l, cache) : {
      diffId: l.diffId,
      size: l.size,
      open: () => lazyFile(`${layersDir}/${hexOf(l.diffId)}.tar`),
    }
  );
  return {
    id: stored.id,
    repoTags: entry.repoTags,
    repoDigests: entry.repoDigests,
    created: stored.created,
    config: stored.config,
    size: stored.size,
    architecture: stored.architecture,
    os: stored.os,
    configBytes: fromBase64(stored.configBytes),
    layers,
    history: stored.history,
    ...(stored.parent ? { parent: stored.parent } : {}),
    ...(stored.comment ? { comment: stored.comment } : {}),
    ...(stored.author ? { author: stored.author } : {}),
    ...(entry.lastTagTime ? { lastTagTime: entry.lastTagTime } : {}),
  };
}
