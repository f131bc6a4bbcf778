/**
 * @module
 * Saving containers to their store: the record as it is at the call, and the writable layer (as
 * the runtime saves it) when it changed since it was last saved. Saves of one container's layer are applied in
 * call order, so a slow older snapshot never replaces a newer one.
 */

import type { ContainerStateData } from "./record.ts";
import type { EngineContainer } from "./container.ts";
import type { ContainerStore, SavedContainer } from "./store.ts";

/**
 * The saved form of a container. It shares the container's objects: stores encode it during
 * the call (JournalStore.put does), so later changes cannot leak in.
 */
export function savedOf(
  c: EngineContainer,
  endpoints?: unknown,
  state: ContainerStateData = c.state,
): SavedContainer {
  return {
    v: 1,
    id: c.id,
    name: c.name,
    created: c.created,
    imageName: c.imageName,
    imageId: c.imageId,
    path: c.path,
    args: c.args,
    config: c.config,
    hostConfig: c.hostConfig,
    state,
    restartCount: c.restartCount,
    stoppedByUser: c.stoppedByUser,
    mounts: c.mounts,
    mountViews: c.mountViews,
    ...(endpoints === undefined ? {} : { endpoints }),
    ...(c.pendingNetworks ? { pendingNetworks: c.pendingNetworks } : {}),
  };
}

/** Saves containers to a store. */
export class ContainerSaver {
  readonly #layerSaves = new WeakMap<EngineContainer, Promise<void>>();
  /** Removed containers: a save arriving late (a racing exit or disconnect) must not revive one. */
  readonly #forgotten = new WeakSet<EngineContainer>();

  constructor(
    readonly store: ContainerStore,
    /** The networks' saved view of a container's endpoints. */
    readonly endpointsOf: (c: EngineContainer) => unknown = () => undefined,
  ) {}

  /**
   * Saves the record (with `state` instead of the current one, when given: an exit is saved
   * before it is shown) and the layer when `withLayer` and it changed; durable on resolve.
   */
  save(c: EngineContainer, withLayer = false, state?: ContainerStateData): Promise<void> {
    if (!this.store.durable || this.#forgotten.has(c)) return Promise.resolve();
    const record = this.store.save(savedOf(c, this.endpointsOf(c), state));
    const generation = c.runtimeContainer.layerGeneration();
    if (!withLayer || generation === c.savedGeneration) return record;
    // Taken now, written after the previous save: the layer as it is at the call.
    const snapshot = c.runtimeContainer.saveLayer();
    snapshot.catch(() => {}); // its failure is the layer save's, reported below
    c.savedGeneration = generation;
    const previous = this.#layerSaves.get(c) ?? Promise.resolve();
    const layer = previous.catch(() => {}).then(() => snapshot)
      .then((saved) => this.store.saveLayer(c.id, saved.bytes))
      .catch((err) => {
        c.savedGeneration = -1; // try again at the next save
        throw err;
      });
    this.#layerSaves.set(c, layer);
    return Promise.all([record, layer]).then(() => {});
  }

  /** Forgets a removed container; durable on resolve. */
  async forget(c: EngineContainer): Promise<void> {
    this.#forgotten.add(c);
    await this.#layerSaves.get(c)?.catch(() => {});
    await this.store.forget(c.id);
  }
}
