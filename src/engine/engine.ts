/**
 * @module
 * Assembles the engine into a `Backend`: containers, execs, images, build, networks, volumes,
 * plugins and system over one runtime. A backend is this engine plus its runtime (plus, for the
 * memory backend, the offline catalogue's stand-ins); `openEngine` loads a data root first and
 * recovers its containers.
 */

import type { Runtime } from "../../sandbox/runtime.ts";
import type { CompleteBackend } from "./backend.ts";
import { runtimeSteps } from "./build/step_runner.ts";
import { EngineExecs } from "./containers/exec.ts";
import { EngineContainers } from "./containers/engine_containers.ts";
import type { EngineContainer } from "./containers/container.ts";
import { recoverContainers } from "./containers/recover.ts";
import { type ContainerStore, DiskContainerStore } from "./containers/store.ts";
import type { CommitSource } from "./images/commit.ts";
import { EngineImages } from "./images/service.ts";
import type { StandInSource } from "./images/stand_ins.ts";
import { EngineNetworks } from "./networks/service.ts";
import { EnginePlugins } from "./plugins/service.ts";
import { loadNetworks, memoryState, openSavedState, type SavedState } from "./saved_state.ts";
import type { DataRoot } from "./state/mod.ts";
import { EngineSystem } from "./system.ts";
import { EngineVolumes } from "./volumes/service.ts";

/** What an engine is made of. */
export interface EngineOptions {
  /** The backend's name (`memory`). */
  name: string;
  /** Where containers' processes run. */
  runtime: Runtime;
  /** Images for docker.io references no registry serves (the memory backend's catalogue). */
  standIns?: StandInSource;
  /** Where containers are kept (memory only when absent). */
  containerStore?: ContainerStore;
  /** Events, images and volumes (memory only when absent). */
  saved?: SavedState;
  /** `DockerRootDir`. */
  rootDir?: string;
}

/** The assembled engine and the parts a data root loads into. */
export interface Engine {
  backend: CompleteBackend;
  containers: EngineContainers;
  networks: EngineNetworks;
}

/** What a commit copies from the container `ref`. */
function commitSource(containers: EngineContainers, ref: string): CommitSource {
  const c = containers.get(ref);
  // A commit is a moment the container's files matter: save its layer too.
  containers.save(c, true).catch((err) => console.error(`saving ${c.id} failed:`, err));
  return {
    id: c.id,
    imageId: c.imageId,
    changes: () => c.runtimeContainer.exportChanges(),
    config: c.config as Record<string, unknown>,
    command: [c.path, ...c.args].join(" "),
  };
}

/** Makes the engine. */
export function createEngine(options: EngineOptions): Engine {
  const { events, images, files, volumes: volumeStore } = options.saved ?? memoryState();
  // The networks and the containers need each other: the lookup is called only after both exist.
  const networks: EngineNetworks = new EngineNetworks(events, {
    get: (ref): EngineContainer => engineContainers.get(ref),
    find: (id): EngineContainer | undefined => engineContainers.index.find(id),
    endpointsChanged: (id) => engineContainers.saveById(id),
  });
  const runtime = options.runtime;
  const engineContainers = new EngineContainers({
    events,
    images,
    volumes: volumeStore,
    networks,
    runtime,
    store: options.containerStore,
  });
  images.watchChains((chains) => runtime.retainLayers(chains));
  const volumes = new EngineVolumes(volumeStore);
  const imageService = new EngineImages({
    store: images,
    files,
    events,
    steps: runtimeSteps(runtime),
    standIns: options.standIns,
    usersOf: (id) =>
      [...engineContainers.index.values()].filter((c) => c.imageId === id).map((c) => ({
        id: c.id,
        running: c.running,
      })),
    containerOf: (ref) => commitSource(engineContainers, ref),
  });
  // One engine object serves several capabilities; each is still its own property, so a
  // backend built on a runtime without (say) archive access can leave that one out.
  const backend: CompleteBackend = {
    name: options.name,
    events,
    system: new EngineSystem(
      options.rootDir ?? `${options.name}://`,
      engineContainers,
      images,
      volumes,
    ),
    containers: engineContainers,
    streams: engineContainers,
    archive: engineContainers,
    monitor: engineContainers,
    exec: new EngineExecs(engineContainers),
    volumes,
    networks,
    plugins: new EnginePlugins(),
    commit: imageService,
    images: imageService,
    build: imageService,
  };
  return { backend, containers: engineContainers, networks };
}

/**
 * Opens the engine on a data root: everything saved there is loaded (images, volumes and
 * networks before the containers that use them), then containers are recovered
 * (containers/recover.ts).
 */
export async function openEngine(
  root: DataRoot,
  options: Omit<EngineOptions, "containerStore" | "saved" | "rootDir">,
): Promise<CompleteBackend> {
  // Independent files: opened side by side rather than one after the other.
  const [containerStore, saved] = await Promise.all([
    DiskContainerStore.open(root),
    openSavedState(root, options.standIns),
  ]);
  const engine = createEngine({ ...options, rootDir: root.path, containerStore, saved });
  await loadNetworks(engine.networks, root);
  const report = await recoverContainers(engine.containers);
  if (report.containers > 0) {
    console.error(
      `sockerless: recovered ${report.containers} containers (${report.died} were running, ` +
        `${report.restarted} restarted by policy, ${report.removed} auto-removed)`,
    );
  }
  return engine.backend;
}
