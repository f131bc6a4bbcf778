/**
 * @module
 * The memory backend: containers run in the in-process sandbox (`sandbox/`); its state is saved
 * under the data root (containers, images and layers, volumes, networks, build cache, events)
 * and loaded at start by `openMemoryBackend`; `createMemoryBackend` keeps it in memory only.
 *
 * LIMITATIONS
 * - docker.io images come from the offline catalogue (alpine, busybox, debian, ubuntu); other
 *   references are pulled from their registry (gzip or plain layers, one platform). Layer tars
 *   are kept under the data root's `layers/` (`rmi` deletes those no image uses); an image's
 *   filesystem is unpacked into the daemon's heap the first time a container, build step or
 *   commit uses it, and stays there while the image exists (file contents of used images live
 *   in memory; start reads only the images' metadata). An image removed with `rmi -f` while
 *   stopped containers use it stays on disk, hidden, for them; it is deleted by the first image
 *   operation after its last container is removed (dockerd: at that removal).
 * - `docker build` runs the classic builder (`src/backends/memory/build/`): the context's files
 *   are spilled to the data root's `tmp/` while the build runs; RUN steps run in the
 *   sandbox (its limits apply); ADD takes local files and tars, not URLs; `remote` contexts,
 *   `cachefrom`, `squash`, resource limits and `networkmode` are ignored or refused; the build
 *   cache is saved with the images. A build's images are saved when it ends (a daemon killed
 *   mid-build keeps none of them). Stage images stay as dangling images, as with dockerd.
 *   Intermediate containers are always removed (`rm=0` and `forcerm` change nothing);
 *   `X-Registry-Config` is ignored, so base images are pulled anonymously; `ADD --chown` does not
 *   re-own the content of an extracted tar.
 * - Image search answers 501; `docker import` takes the tarball in the request body
 *   (`fromSrc=-`, plain or gzip), not a URL. `docker commit` does not pause the
 *   container while it copies its changes. `docker load` reads docker-archive tars (and OCI
 *   layouts that carry a `manifest.json`); `docker save` writes docker-archive tars.
 * - Volumes use the `local` driver only; each is a host directory under the data root's
 *   `volumes/`, or the `device` of a `type=none,o=bind` volume. `type=tmpfs` volumes are plain
 *   directories (content outlives the containers); nfs/cifs types are a 501. An empty volume gets
 *   a copy of the image's content at its mount path at create.
 * - The events history keeps the last 10,000 events across restarts (`events/history.log`);
 *   events are written as they happen (a killed daemon loses none) and fsynced within 100 ms,
 *   so a machine crash may lose the last 100 ms of events (never the state they describe).
 * - Bind sources are host directories or regular files (a file bind re-reads the host path at
 *   each access; see sandbox/mod.ts). Unix sockets (`/var/run/docker.sock`), named pipes and
 *   devices are a 501 at create: the sandbox has nothing to connect them to. As with dockerd,
 *   `docker cp` onto a file bind fails (`unlinkat <path>: device or resource busy`).
 * - Networks are address bookkeeping: containers get IPs, MACs and endpoints, and names of peers
 *   on user-defined networks are written to `/etc/hosts` (no embedded DNS server, no packets).
 *   IPv6 networks (`--ipv6`, a v6 subnet) are a 501. An endpoint exists from create (or connect) to removal, so a stopped container
 *   still holds its address and keeps its network in use.
 * - Containers are kept under the data root's `containers/` (containers/store.ts): the record is
 *   saved before create, start, stop, kill, rename, update, pause and network changes answer;
 *   output lines are appended to the container's log as produced and reach `attach` and
 *   `logs -f` clients only once fsynced. The writable layer is saved when the main process
 *   exits (when it changed), after `docker cp` into the container and at commit, whole each
 *   time (not incrementally): files written by a container still running at a crash, since its
 *   last save, are lost. At start, containers that were running come back exited (137) with
 *   a `die` event and restart policies apply, as with dockerd without live-restore; exec
 *   instances are not kept.
 * - Port publishing (`-p`, or `-P` with exposed ports) is refused at create with a 501 naming the
 *   ports: no socket could serve them (`containers/ports.ts`). `--expose` alone is accepted.
 * - No plugins: the plugin list is empty and inspecting one is a 404.
 * - Catalogue images are linux/amd64; a pull or create asking for another platform gets dockerd's
 *   404s (`images/platform.ts`) instead of the amd64 image.
 * - Container output stays in the daemon: log drivers `json-file`, `local` and `none` only; the
 *   ones that ship output (syslog, gelf, fluentd, ...) are a 501 at create.
 * - `docker top` renders `-ef`, `aux` and `-o` lists of common fields; other `ps` arguments are a
 *   501. `--dns*` options are written to `/etc/resolv.conf`, but nothing resolves names.
 * - Pause freezes processes at the sandbox's checkpoints (commands, loop iterations); see
 *   sandbox/mod.ts. Stats come from the sandbox's accounting: CPU is time holding the JS thread,
 *   memory is the writable layer's bytes plus buffered I/O.
 */

import {
  type CompleteBackend,
  type DiskUsage,
  type SystemBackend,
  type UsageOf,
} from "../../engine/mod.ts";
import { MemoryExecs } from "../../engine/containers/exec.ts";
import { MemoryContainers } from "../../engine/containers/io.ts";
import { MemoryNetworks } from "../../engine/networks/service.ts";
import { MemoryPlugins } from "../../engine/plugins/service.ts";
import { MemoryVolumes } from "../../engine/volumes/service.ts";
import { imageSummary, MemoryImages } from "../../engine/images/service.ts";
import { ImageStore } from "../../engine/images/store.ts";
import type { CommitSource } from "../../engine/images/commit.ts";
import type { DataRoot } from "../../engine/state/mod.ts";
import { type ContainerStore, DiskContainerStore } from "../../engine/containers/store.ts";
import { recoverContainers } from "../../engine/containers/recover.ts";
import {
  loadNetworks,
  memoryState,
  openSavedState,
  type SavedState,
} from "../../engine/saved_state.ts";

function usageOf<T>(items: T[]): UsageOf<T> {
  return { items, totalSize: 0, reclaimable: 0, activeCount: 0 };
}

class MemorySystem implements SystemBackend {
  readonly driver = "memory";
  constructor(
    readonly rootDir: string,
    readonly containers: MemoryContainers,
    readonly images: ImageStore,
    readonly volumes: MemoryVolumes,
  ) {}

  containerCounts() {
    return this.containers.counts();
  }

  imageCount(): number {
    return this.images.size;
  }

  async diskUsage(): Promise<DiskUsage> {
    const containers = await this.containers.list({ all: true, size: true, filters: new Map() });
    // Counted in one pass, not one pass over the containers per image.
    const uses = new Map<string, number>();
    for (const c of this.containers.index.values()) {
      uses.set(c.imageId, (uses.get(c.imageId) ?? 0) + 1);
    }
    const images = [...this.images.values()].map((img) => imageSummary(img, uses.get(img.id) ?? 0));
    const imageUsage = usageOf(images);
    imageUsage.totalSize = images.reduce((n, i) => n + i.Size, 0);
    imageUsage.activeCount = images.filter((i) => i.Containers > 0).length;
    imageUsage.reclaimable = images.filter((i) => i.Containers === 0).reduce(
      (n, i) => n + i.Size,
      0,
    );
    const containerUsage = usageOf(containers);
    containerUsage.activeCount = containers.filter((c) => c.State === "running").length;
    return {
      layersSize: imageUsage.totalSize,
      images: imageUsage,
      containers: containerUsage,
      volumes: await this.volumes.usage(),
      buildCache: usageOf([]),
    };
  }
}

/** Options of the memory backend. */
export interface MemoryBackendOptions {
  rootDir?: string;
  /** Where containers are kept (memory only when absent). */
  containerStore?: ContainerStore;
  /** Events, images and volumes (memory only when absent). */
  saved?: SavedState;
}

/** Creates the memory backend with its state in memory only (tests, tools). */
export function createMemoryBackend(options: MemoryBackendOptions = {}): CompleteBackend {
  return assemble(options).backend;
}

/**
 * Opens the memory backend on a data root: everything saved there is loaded (images, volumes
 * and networks before the containers that use them), then containers are recovered
 * (containers/recover.ts).
 */
export async function openMemoryBackend(root: DataRoot): Promise<CompleteBackend> {
  // Independent files: opened side by side rather than one after the other.
  const [containerStore, saved] = await Promise.all([
    DiskContainerStore.open(root),
    openSavedState(root),
  ]);
  const parts = assemble({ rootDir: root.path, containerStore, saved });
  await loadNetworks(parts.networks, root);
  const report = await recoverContainers(parts.containers);
  if (report.containers > 0) {
    console.error(
      `sockerless: recovered ${report.containers} containers (${report.died} were running, ` +
        `${report.restarted} restarted by policy, ${report.removed} auto-removed)`,
    );
  }
  return parts.backend;
}

/** What a commit copies from the container `ref`. */
function commitSource(containers: MemoryContainers, ref: string): CommitSource {
  const c = containers.get(ref);
  // A commit is a moment the container's files matter: save its layer too.
  containers.save(c, true).catch((err) => console.error(`saving ${c.id} failed:`, err));
  return {
    id: c.id,
    imageId: c.imageId,
    sandbox: c.sandbox,
    config: c.config as Record<string, unknown>,
    command: [c.path, ...c.args].join(" "),
  };
}

function assemble(options: MemoryBackendOptions) {
  const { events, images, files, volumes: volumeStore } = options.saved ?? memoryState();
  const volumes = new MemoryVolumes(volumeStore);
  const networks = new MemoryNetworks(events);
  const containers = new MemoryContainers(
    events,
    images,
    volumeStore,
    networks,
    options.containerStore,
  );
  networks.bind({ get: (ref) => containers.get(ref), find: (id) => containers.index.find(id) });
  const imageService = new MemoryImages(
    images,
    files,
    events,
    (id) =>
      [...containers.index.values()].filter((c) => c.imageId === id).map((c) => ({
        id: c.id,
        running: c.running,
      })),
    (ref) => commitSource(containers, ref),
  );
  // One engine object serves several capabilities; each is still its own property, so a
  // backend built on a runtime without (say) archive access can leave that one out.
  const backend: CompleteBackend = {
    name: "memory",
    events,
    system: new MemorySystem(options.rootDir ?? "memory://", containers, images, volumes),
    containers,
    streams: containers,
    archive: containers,
    monitor: containers,
    exec: new MemoryExecs(containers),
    commit: imageService,
    images: imageService,
    build: imageService,
    volumes,
    networks,
    plugins: new MemoryPlugins(),
  };
  return { backend, events, images, volumeStore, networks, containers };
}
