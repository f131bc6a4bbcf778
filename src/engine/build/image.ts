/**
 * @module
 * Images of build steps that add no layer (ENV, LABEL, CMD, ...): the parent's layers with a new
 * config and an `empty_layer` history entry; and the empty base of `FROM scratch`.
 */

import { sha256Digest } from "../../../sandbox/oci/mod.ts";
import { runConfig } from "../images/run_config.ts";
import type { ImageRecord, ImageRunConfig, ImageStore, ImageTxn } from "../images/store.ts";

const encoder = new TextEncoder();

/** A new image over `parent` with `config`, recording `createdBy` in its history. */
export function configImage(
  store: ImageStore,
  parent: ImageRecord,
  config: ImageRunConfig,
  createdBy: string,
  txn: ImageTxn,
): ImageRecord {
  const created = new Date().toISOString();
  const history = [...parent.history, { created, created_by: createdBy, empty_layer: true }];
  const parentConfig = JSON.parse(new TextDecoder().decode(parent.configBytes));
  const configBytes = encoder.encode(JSON.stringify({
    ...parentConfig,
    config,
    created,
    history,
  }));
  return store.add({
    ...parent,
    id: sha256Digest(configBytes),
    repoTags: [],
    repoDigests: [],
    created,
    config: structuredClone(config),
    configBytes,
    history,
    parent: parent.id,
    lastTagTime: undefined,
  }, { txn });
}

/** The empty image `FROM scratch` starts from. */
export function scratchImage(store: ImageStore, txn: ImageTxn): ImageRecord {
  const arch = Deno.build.arch === "x86_64" ? "amd64" : "arm64";
  const configBytes = encoder.encode(JSON.stringify({
    architecture: arch,
    os: "linux",
    config: {},
    rootfs: { type: "layers", diff_ids: [] },
    history: [],
  }));
  return store.add({
    id: sha256Digest(configBytes),
    repoTags: [],
    repoDigests: [],
    created: new Date(0).toISOString(),
    config: runConfig({}),
    size: 0,
    architecture: arch,
    os: "linux",
    configBytes,
    layers: [],
    history: [],
  }, { txn });
}
