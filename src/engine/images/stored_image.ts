/**
 * @module
 * An image record as JSON for `images/db/<hex>.json` and back. The config bytes are kept as
 * base64 (the image id is their digest, so they must come back byte for byte); layers keep their
 * `diff_id`, size and catalogue mark; tags and digests live in the index, not here.
 */

import { DockerError } from "../errors.ts";
import { hexOf, lazyFile } from "./layer_files.ts";
import type { StandInSource } from "./stand_ins.ts";
import type { ImageRecord, ImageRunConfig, LayerSource } from "./store.ts";

/** One image's entry in the index. */
export interface IndexEntry {
  repoTags: string[];
  repoDigests: string[];
  lastTagTime?: string;
  /** Deleted, kept for the stopped containers that use it (ImageStore `retire`). */
  retired?: true;
}

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

/** A stand-in layer's source, from the backend's stand-ins (none: reading it fails clearly). */
function standInSource(layer: StoredLayer, standIns?: StandInSource): LayerSource {
  const stored = { diffId: layer.diffId, size: layer.size, catalogue: layer.catalogue! };
  if (standIns) return standIns.layer(stored);
  return {
    ...stored,
    open: () =>
      new ReadableStream({
        start: (c) =>
          c.error(
            new DockerError(
              "NotImplemented",
              `stand-in layer ${layer.diffId} (${layer.catalogue}) cannot be read: this backend has no stand-in images`,
            ),
          ),
      }),
  };
}

/** The record of a stored image, its layers read from `layersDir` when opened. */
export function restoreImage(
  stored: StoredImage,
  entry: IndexEntry,
  layersDir: string,
  standIns?: StandInSource,
): ImageRecord {
  const layers = stored.layers.map((l): LayerSource =>
    l.catalogue ? standInSource(l, standIns) : {
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
