/**
 * @module
 * The System capability of the engine: container and image counts for `docker info`, and the
 * disk usage of `docker system df` (images with the containers using them, containers with
 * their sizes, volumes).
 */

import type { DiskUsage, SystemBackend, UsageOf } from "./backend.ts";
import type { EngineContainers } from "./containers/engine_containers.ts";
import { imageSummary } from "./images/service.ts";
import type { ImageStore } from "./images/store.ts";
import type { EngineVolumes } from "./volumes/service.ts";

function usageOf<T>(items: T[]): UsageOf<T> {
  return { items, totalSize: 0, reclaimable: 0, activeCount: 0 };
}

/** `docker info` and `docker system df` of the engine. */
export class EngineSystem implements SystemBackend {
  readonly driver = "memory";
  constructor(
    readonly rootDir: string,
    readonly containers: EngineContainers,
    readonly images: ImageStore,
    readonly volumes: EngineVolumes,
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
