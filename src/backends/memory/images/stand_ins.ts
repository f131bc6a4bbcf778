/**
 * @module
 * The offline catalogue as the engine's stand-in source: a catalogue image's filesystem is
 * generated once per repository (with its tar's digest, the image's layer `diff_id`) and, with
 * the in-process runtime, seeded into its layer cache, so a container of a catalogue image never
 * unpacks a tar. A remote runtime reads the generated tar instead.
 */

import { commandNames, createImageLayer, type LayerSeed } from "../../../../sandbox/mod.ts";
import { lazyStream } from "../../../../sandbox/oci/mod.ts";
import { layerTar, layerTarDigest } from "../../../../sandbox/runtime/layer_tar.ts";
import type { LayerSource } from "../../../engine/images/store.ts";
import type { StandInLayer, StandInSource } from "../../../engine/images/stand_ins.ts";
import { CATALOGUE, findCatalogueImage } from "./catalogue.ts";
import { type CatalogueLayer, catalogueRecord } from "./catalogue_pull.ts";

/** Gives a runtime's layer cache a chain's filesystem (the in-process runtime's `seedLayer`). */
export type SeedLayer = (diffIds: readonly string[], layer: LayerSeed) => void;

/** The catalogue's images, their filesystems seeded through `seed` when given. */
export function catalogueStandIns(seed?: SeedLayer): StandInSource {
  const generated = new Map<string, Promise<CatalogueLayer>>();
  const layerOf = (repository: string): Promise<CatalogueLayer> => {
    let made = generated.get(repository);
    if (!made) {
      made = generate(repository);
      generated.set(repository, made);
    }
    return made;
  };
  return {
    async find(repository, tag) {
      const entry = findCatalogueImage(repository, tag);
      if (!entry) return undefined;
      const layer = await layerOf(repository);
      seed?.([layer.digest], layer.layer);
      return catalogueRecord(entry, tag, layer);
    },
    tags: (repository) => CATALOGUE.find((c) => c.repository === repository)?.tags,
    layer(stored: StandInLayer): LayerSource {
      seed?.([stored.diffId], async () => (await layerOf(stored.catalogue)).layer);
      return {
        ...stored,
        open: () => lazyStream(async () => layerTar((await layerOf(stored.catalogue)).layer)),
      };
    },
  };
}

async function generate(repository: string): Promise<CatalogueLayer> {
  const entry = CATALOGUE.find((c) => c.repository === repository);
  if (!entry) throw new Error(`no catalogue image ${repository}`);
  const layer = createImageLayer({
    name: repository,
    osRelease: entry.osRelease,
    commands: commandNames(),
  });
  return { layer, ...await layerTarDigest(layer) };
}
