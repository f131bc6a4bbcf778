/**
 * @module
 * The engine's saved state other than containers, opened from a data root before the
 * containers that use it: the events history (`events/history.log`), images and layer tars
 * (`images/`, `layers/`), volumes (`volumes/`) and networks (`networks/`).
 */

import { keepEventHistory } from "./event_history.ts";
import { EventBus } from "./events.ts";
import type { DataRoot } from "./state/mod.ts";
import { openImageStore } from "./images/image_disk.ts";
import { LayerFiles } from "./images/layer_files.ts";
import { ImageStore } from "./images/store.ts";
import type { StandInSource } from "./images/stand_ins.ts";
import { NetworkDisk } from "./networks/network_disk.ts";
import type { EngineNetworks } from "./networks/service.ts";
import { VolumeStore } from "./volumes/store.ts";

/** What the backend is assembled from besides containers. */
export interface SavedState {
  events: EventBus;
  images: ImageStore;
  files: LayerFiles;
  volumes: VolumeStore;
}

/** A fresh state kept in memory only (tests, tools). */
export function memoryState(): SavedState {
  const events = new EventBus();
  return {
    events,
    images: new ImageStore(),
    files: new LayerFiles(),
    volumes: new VolumeStore(events),
  };
}

/**
 * Loads the saved events, images and volumes of `root`; later changes are saved there. Saved
 * stand-in images read their layers from `standIns`.
 */
export async function openSavedState(
  root: DataRoot,
  standIns?: StandInSource,
): Promise<SavedState> {
  const events = new EventBus();
  const volumes = new VolumeStore(events, root.dir("volumes"));
  const [{ store, files }] = await Promise.all([
    openImageStore(root, standIns),
    keepEventHistory(events, `${root.dir("events")}/history.log`),
    volumes.load(),
  ]);
  return { events, images: store, files, volumes };
}

/** Loads the saved networks of `root` (after the backend is assembled, before recovery). */
export function loadNetworks(networks: EngineNetworks, root: DataRoot): Promise<void> {
  return networks.load(new NetworkDisk(root.dir("networks")));
}
