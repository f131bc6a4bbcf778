/**
 * @module
 * Images' sandbox filesystems, loaded on first use. An image's filesystem is the result of its
 * layer chain (its `diff_id`s, lowest first); it is built from the layer tars on disk over the
 * filesystem of the longest chain prefix that another image has (so a committed or built image
 * shares its parent's file nodes, as it did when it was made), or from the catalogue's generated
 * layer. Nothing is unpacked at daemon start, so start time does not grow with image sizes.
 */

import {
  commandNames,
  createImageLayer,
  type ImageLayer,
  ImageLayerBuilder,
  imageLayerFromTar,
} from "../../../../sandbox/mod.ts";
import { CATALOGUE } from "./catalogue.ts";
import type { LayerSource } from "../../../engine/images/store.ts";

/** The key of a layer chain. */
function chainKey(layers: readonly LayerSource[]): string {
  return layers.map((l) => l.diffId).join(",");
}

/** A builder holding every node of `layer` (the nodes are shared, not copied). */
export function builderFrom(layer: ImageLayer): ImageLayerBuilder {
  const base = new ImageLayerBuilder();
  for (const path of layer.paths()) base.set(path, layer.get(path)!);
  return base;
}

/** The generated layer of a catalogue repository. */
export function catalogueLayer(repository: string, name = repository): ImageLayer {
  const entry = CATALOGUE.find((c) => c.repository === repository);
  if (!entry) throw new Error(`no catalogue image ${repository}`);
  return createImageLayer({ name, osRelease: entry.osRelease, commands: commandNames() });
}

/** Filesystems by layer chain. */
export class LayerCache {
  readonly #layers = new Map<string, Promise<ImageLayer>>();

  /** `chains()` lists the layer chains of the images in the store. */
  constructor(readonly chains: () => Iterable<readonly LayerSource[]>) {}

  /** Records the filesystem made for `layers` (by a pull, commit, load or import). */
  remember(layers: readonly LayerSource[], layer: ImageLayer): void {
    const key = chainKey(layers);
    if (!this.#layers.has(key)) this.#layers.set(key, Promise.resolve(layer));
  }

  /** The filesystem of `layers`, built once. */
  load(layers: readonly LayerSource[], name: string): Promise<ImageLayer> {
    const key = chainKey(layers);
    let layer = this.#layers.get(key);
    if (!layer) {
      layer = this.#build(layers, name);
      this.#layers.set(key, layer);
      layer.catch(() => {
        if (this.#layers.get(key) === layer) this.#layers.delete(key);
      });
    }
    return layer;
  }

  /** Forgets the filesystems no image's chain uses any more (after removals). */
  prune(): void {
    const used = new Set([...this.chains()].map(chainKey));
    for (const key of this.#layers.keys()) if (!used.has(key)) this.#layers.delete(key);
  }

  async #build(layers: readonly LayerSource[], name: string): Promise<ImageLayer> {
    if (layers.length === 0) return new ImageLayerBuilder().build(name);
    if (layers.length === 1 && layers[0].catalogue) return catalogueLayer(layers[0].catalogue);
    const known = new Set([...this.chains()].map(chainKey));
    let prefix = layers.length - 1;
    while (prefix > 0 && !known.has(chainKey(layers.slice(0, prefix)))) prefix--;
    if (prefix === 0 && layers[0].catalogue) prefix = 1;
    const base = prefix > 0
      ? builderFrom(await this.load(layers.slice(0, prefix), name))
      : undefined;
    const streams = layers.slice(prefix).map((l) => l.open());
    return await imageLayerFromTar(name, streams, commandNames(), base);
  }
}
