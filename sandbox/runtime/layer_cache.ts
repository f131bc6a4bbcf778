/**
 * @module
 * Images' sandbox filesystems by layer chain (the `diffId`s of a rootfs, lowest first), built
 * once. A chain is unpacked from its layer tars over the filesystem of its longest cached prefix
 * (so a committed or built image shares its parent's file nodes, as it did when it was made); a
 * chain may also be seeded with a filesystem made without a tar (the memory backend's
 * generated catalogue images). Nothing is unpacked before a container needs it.
 */

import { commandNames } from "../commands/registry.ts";
import { type ImageLayer, ImageLayerBuilder } from "../fs/image_layer.ts";
import { imageLayerFromTar } from "../tar/image_from_tar.ts";
import type { RootfsLayer } from "../runtime.ts";

/** The key of a layer chain. */
function chainKey(diffIds: readonly string[]): string {
  return diffIds.join(",");
}

/** A builder holding every node of `layer` (the nodes are shared, not copied). */
function builderFrom(layer: ImageLayer): ImageLayerBuilder {
  const base = new ImageLayerBuilder();
  for (const path of layer.paths()) base.set(path, layer.get(path)!);
  return base;
}

/** A filesystem, or how to make it when first needed. */
export type LayerSeed = ImageLayer | (() => ImageLayer | Promise<ImageLayer>);

/** Filesystems by layer chain. */
export class LayerCache {
  readonly #layers = new Map<string, Promise<ImageLayer>>();
  readonly #seeds = new Map<string, LayerSeed>();

  /** Records a filesystem for a chain; a seed outlives `retain` (it costs nothing until used). */
  seed(diffIds: readonly string[], layer: LayerSeed): void {
    const key = chainKey(diffIds);
    if (!this.#seeds.has(key)) this.#seeds.set(key, layer);
  }

  /** Whether the chain's filesystem is at hand (built, being built, or seeded). */
  has(diffIds: readonly string[]): boolean {
    const key = chainKey(diffIds);
    return this.#layers.has(key) || this.#seeds.has(key);
  }

  /** The filesystem of `layers`, built once. */
  load(layers: readonly RootfsLayer[], name: string): Promise<ImageLayer> {
    const key = chainKey(layers.map((l) => l.diffId));
    let layer = this.#layers.get(key);
    if (!layer) {
      layer = this.#make(key, layers, name);
      this.#layers.set(key, layer);
      layer.catch(() => {
        if (this.#layers.get(key) === layer) this.#layers.delete(key);
      });
    }
    return layer;
  }

  /** Forgets built filesystems of chains that none of `chains` starts with. */
  retain(chains: readonly (readonly string[])[]): void {
    const used = new Set<string>();
    for (const chain of chains) {
      for (let n = 1; n <= chain.length; n++) used.add(chainKey(chain.slice(0, n)));
    }
    used.add("");
    for (const key of this.#layers.keys()) if (!used.has(key)) this.#layers.delete(key);
  }

  async #make(key: string, layers: readonly RootfsLayer[], name: string): Promise<ImageLayer> {
    const seed = this.#seeds.get(key);
    if (seed) return typeof seed === "function" ? await seed() : seed;
    if (layers.length === 0) return new ImageLayerBuilder().build(name);
    let prefix = layers.length - 1;
    while (prefix > 0 && !this.has(layers.slice(0, prefix).map((l) => l.diffId))) prefix--;
    const base = prefix > 0
      ? builderFrom(await this.load(layers.slice(0, prefix), name))
      : undefined;
    const streams = layers.slice(prefix).map((l) => l.open());
    return await imageLayerFromTar(name, streams, commandNames(), base);
  }
}
