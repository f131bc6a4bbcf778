/**
 * @module
 * The memory backend: containers run in the in-process sandbox (`sandbox/`); all state lives in
 * the daemon's memory.
 *
 * LIMITATIONS
 * - docker.io images come from the offline catalogue (alpine, busybox, debian, ubuntu); other
 *   references are pulled from their registry (gzip or plain layers, one platform). Pulled
 *   layers' tars are kept under a temporary folder for re-pushing, and stay there after `rmi`.
 *   Layer files are unpacked into memory: file contents of an image live in the daemon's heap.
 * - `docker build` runs the classic builder (`src/backends/memory/build/`): the context tar is
 *   held in memory while the build runs (contexts of a few MB are expected); RUN steps run in the
 *   sandbox (its limits apply); ADD takes local files and tars, not URLs; `remote` contexts,
 *   `cachefrom`, `squash`, resource limits and `networkmode` are ignored or refused; the build
 *   cache lives in the daemon's memory. Stage images stay as dangling images, as with dockerd.
 *   Intermediate containers are always removed (`rm=0` and `forcerm` change nothing);
 *   `X-Registry-Config` is ignored, so base images are pulled anonymously; `ADD --chown` does not
 *   re-own the content of an extracted tar.
 * - Image search answers 501; `docker import` takes the tarball in the request body
 *   (`fromSrc=-`, plain or gzip), not a URL. `docker commit` does not pause the
 *   container while it copies its changes. `docker load` reads docker-archive tars (and OCI
 *   layouts that carry a `manifest.json`); `docker save` writes docker-archive tars.
 * - Volumes use the `local` driver only; each is a host directory under a per-daemon temporary
 *   root. An empty volume gets a copy of the image's content at its mount path at create.
 * - Networks are address bookkeeping: containers get IPs, MACs and endpoints, and names of peers
 *   on user-defined networks are written to `/etc/hosts` (no embedded DNS server, no packets,
 *   no IPv6, no port publishing). An endpoint exists from create (or connect) to removal, so a
 *   stopped container still holds its address and keeps its network in use.
 * - Pause freezes processes at the sandbox's checkpoints (commands, loop iterations); see
 *   sandbox/mod.ts. Stats come from the sandbox's accounting: CPU is time holding the JS thread,
 *   memory is the writable layer's bytes plus buffered I/O.
 */

import { type Backend, type DiskUsage, EventBus, type SystemBackend } from "../../backend/mod.ts";
import { MemoryExecs } from "./containers/exec.ts";
import { MemoryContainers } from "./containers/io.ts";
import { MemoryNetworks } from "./networks/service.ts";
import { MemoryVolumes } from "./volumes/service.ts";
import { VolumeStore } from "./volumes/store.ts";
import { imageSummary, MemoryImages } from "./images/service.ts";
import { ImageStore } from "./images/store.ts";
import { LayerFiles } from "./images/layer_files.ts";

function usageOf<T>(items: T[]): DiskUsage["images"] {
  return {
    items: items as Record<string, unknown>[],
    totalSize: 0,
    reclaimable: 0,
    activeCount: 0,
  };
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
    const all = [...this.containers.index.values()];
    const images = [...this.images.values()].map((img) =>
      imageSummary(img, all.filter((c) => c.imageId === img.id).length) as {
        Size: number;
        Containers: number;
      }
    );
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
}

/** Creates the memory backend. */
export function createMemoryBackend(options: MemoryBackendOptions = {}): Backend {
  const events = new EventBus();
  const images = new ImageStore();
  const volumeStore = new VolumeStore(events);
  const volumes = new MemoryVolumes(volumeStore);
  const networks = new MemoryNetworks(events);
  const containers = new MemoryContainers(events, images, volumeStore, networks);
  networks.bind({ get: (ref) => containers.get(ref), find: (id) => containers.index.find(id) });
  return {
    name: "memory",
    events,
    system: new MemorySystem(options.rootDir ?? "memory://", containers, images, volumes),
    containers,
    exec: new MemoryExecs(containers),
    volumes,
    networks,
    images: new MemoryImages(
      images,
      new LayerFiles(),
      events,
      (id) =>
        [...containers.index.values()].filter((c) => c.imageId === id).map((c) => ({
          id: c.id,
          running: c.running,
        })),
      (ref) => {
        const c = containers.get(ref);
        return {
          id: c.id,
          imageId: c.imageId,
          sandbox: c.sandbox,
          config: c.config as Record<string, unknown>,
          command: [c.path, ...c.args].join(" "),
        };
      },
    ),
  };
}
