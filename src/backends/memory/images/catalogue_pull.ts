/**
 * @module
 * Catalogue images as store records: the sandbox's base layer with the image's identity. The
 * record's config is a real image config whose `diff_ids` name the layer's tar, so the image id
 * is the config's digest and a pushed catalogue image pulls back with the same id.
 */

import type { ImageLayer } from "../../../../sandbox/mod.ts";
import { sha256Digest } from "../../../../sandbox/oci/mod.ts";
import type { CatalogueImage } from "./catalogue.ts";
import { layerTar } from "../../../../sandbox/runtime/layer_tar.ts";
import type { ImageRecord } from "../../../engine/images/store.ts";

/** A catalogue repository's generated filesystem and the digest and size of its tar. */
export interface CatalogueLayer {
  layer: ImageLayer;
  digest: string;
  size: number;
}

const CREATED = "2024-09-06T00:00:00Z";

/** Builds the record of a catalogue entry over its layer; the same entry gives the same id. */
export function catalogueRecord(
  entry: CatalogueImage,
  tag: string,
  generated: CatalogueLayer,
): ImageRecord {
  const config = {
    Env: entry.env,
    Cmd: entry.cmd,
    Entrypoint: null,
    WorkingDir: "",
    User: "",
    Labels: {},
  };
  const { layer, ...tar } = generated;
  const history = [
    { created: CREATED, created_by: "/bin/sh -c #(nop) ADD file:rootfs in / " },
    {
      created: CREATED,
      created_by: `/bin/sh -c #(nop)  CMD ${JSON.stringify(entry.cmd)}`,
      empty_layer: true,
    },
  ];
  const configBytes = new TextEncoder().encode(JSON.stringify({
    architecture: "amd64",
    config,
    created: CREATED,
    history,
    os: "linux",
    rootfs: { type: "layers", diff_ids: [tar.digest] },
  }));
  const id = sha256Digest(configBytes);
  const record: ImageRecord = {
    id,
    repoTags: [`${entry.repository}:${tag}`],
    repoDigests: [`${entry.repository}@${id}`],
    created: CREATED,
    config,
    size: tar.size,
    architecture: "amd64",
    os: "linux",
    configBytes,
    layers: [{
      diffId: tar.digest,
      size: tar.size,
      open: () => layerTar(layer),
      catalogue: entry.repository,
    }],
    history,
  };
  return record;
}
