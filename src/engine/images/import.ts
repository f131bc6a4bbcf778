/**
 * @module
 * `docker import`: a filesystem tarball becomes a one-layer image (no parent), its config built
 * from the `--change` instructions, tagged `repo:tag` when given.
 */

import { sha256Digest } from "../../../sandbox/oci/mod.ts";
import { applyChanges, storeLayer } from "./commit.ts";
import type { LayerFiles } from "./layer_files.ts";
import { targetOf } from "./reference.ts";
import { runConfig } from "./run_config.ts";
import { checkedTar } from "./tar_check.ts";
import type { ImageRecord, ImageRunConfig, ImageStore } from "./store.ts";

/** What `docker import` passes. */
export interface ImportOptions {
  repo?: string;
  tag?: string;
  changes: string[];
  message?: string;
}

/** Imports `tar` as a new image; a broken archive leaves nothing behind. */
export async function importImage(
  store: ImageStore,
  files: LayerFiles,
  tar: ReadableStream<Uint8Array>,
  options: ImportOptions,
): Promise<ImageRecord> {
  const target = options.repo ? targetOf(options.repo, options.tag) : undefined;
  const config = runConfig(undefined);
  applyChanges(config, options.changes);
  return await files.writing(
    () => importLayer(store, files, tar, { target, config, message: options.message }),
    store,
  );
}

async function importLayer(
  store: ImageStore,
  files: LayerFiles,
  tar: ReadableStream<Uint8Array>,
  options: { target?: string; config: ImageRunConfig; message?: string },
): Promise<ImageRecord> {
  const { target, config } = options;
  const stored = await storeLayer(files, await checkedTar(tar));
  const created = new Date().toISOString();
  const history = [{ created, comment: options.message || "Imported from -" }];
  const configBytes = new TextEncoder().encode(JSON.stringify({
    architecture: "amd64",
    os: "linux",
    config,
    created,
    history,
    rootfs: { type: "layers", diff_ids: [stored.diffId] },
  }));
  return store.add({
    id: sha256Digest(configBytes),
    repoTags: target ? [target] : [],
    repoDigests: [],
    created,
    config,
    size: stored.size,
    architecture: "amd64",
    os: "linux",
    configBytes,
    layers: [stored.entry],
    history,
    comment: options.message,
  });
}
