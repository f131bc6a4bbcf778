/**
 * @module
 * The in-process runtime: `SandboxRuntime` implements the runtime port (`runtime.ts`) over
 * sandbox containers. An image's filesystem is unpacked once per layer chain into the layer
 * cache (runtime/layer_cache.ts) and shared by its containers; a container's writable layer is
 * saved and restored with the snapshot codec (runtime/layer_snapshot.ts). Pause is the
 * sandbox's freezer, usage its accounting; it has no sockets (no published ports) and no
 * terminal size.
 */

import { createContainer } from "./container.ts";
import type { Mount } from "./fs/mount_table.ts";
import { invalidParameter } from "./errors.ts";
import type {
  ContainerSpec,
  MountSpec,
  Runtime,
  RuntimeCapabilities,
  RuntimeContainer,
} from "./runtime.ts";
import { copyUp } from "./runtime/copy_up.ts";
import { LayerCache, type LayerSeed } from "./runtime/layer_cache.ts";
import { decodeLayer } from "./runtime/layer_snapshot.ts";
import { SandboxRuntimeContainer } from "./runtime/runtime_container.ts";

export type { LayerSeed } from "./runtime/layer_cache.ts";

function sandboxMount({ copyUp: _c, ...mount }: MountSpec): Mount {
  return mount;
}

/** The sandbox as a runtime. */
export class SandboxRuntime implements Runtime {
  readonly name = "sandbox";
  readonly capabilities: RuntimeCapabilities = {
    pause: true,
    publishedPorts: false,
    resize: false,
  };
  readonly #cache = new LayerCache();

  /**
   * Sandbox only: gives the chain of `diffIds` an already built filesystem (or its maker), so
   * an image made without a tar (a generated catalogue image) is not unpacked from one.
   */
  seedLayer(diffIds: readonly string[], layer: LayerSeed): void {
    this.#cache.seed(diffIds, layer);
  }

  async createContainer(spec: ContainerSpec, signal?: AbortSignal): Promise<RuntimeContainer> {
    signal?.throwIfAborted();
    const saved = spec.layer ? decodeLayer(spec.layer) : undefined;
    if (spec.layer && !saved) throw invalidParameter("the saved writable layer is damaged");
    const mounts = spec.mounts ?? [];
    const image = await this.#cache.load(spec.rootfs.layers, spec.rootfs.name);
    // Aborted while the image was unpacked: the unpacked chain stays cached, nothing else is made.
    signal?.throwIfAborted();
    const sandbox = await createContainer({
      image,
      hostname: spec.hostname,
      hosts: spec.hosts,
      mounts: mounts.map(sandboxMount),
      readOnlyRoot: spec.readOnlyRoot === true,
    });
    for (const m of mounts) {
      if (m.copyUp && m.source) await copyUp(sandbox.layer, m.target, m.source);
    }
    for (const file of spec.files ?? []) await sandbox.layer.writeFile(file.path, file.data);
    if (saved) sandbox.restore(saved);
    if (spec.workingDir) await sandbox.mkdirp(spec.workingDir);
    return new SandboxRuntimeContainer(sandbox, spec.readOnlyRoot === true);
  }

  retainLayers(chains: readonly (readonly string[])[]): void {
    this.#cache.retain(chains);
  }
}
