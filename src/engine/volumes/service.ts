/**
 * @module
 * The engine's Volume capability: dockerd's `local` driver over the volume store,
 * with its list filters, prune rules and disk usage.
 */

import type { Types } from "../../../generated/docker/mod.ts";
import type { VolumeBackend, VolumeFilters } from "./backend.ts";
import { DockerError, invalidParameter, notFound } from "../errors.ts";
import { booleanValue, labelMatch, patternMatch } from "../filter_match.ts";
import type { UsageOf } from "../backend.ts";
import { ANONYMOUS_LABEL, directorySize, type VolumeRecord, VolumeStore } from "./store.ts";
import { checkLocalOptions } from "./local_options.ts";

/** The volumes of a backend (the engine's local driver). */
export class EngineVolumes implements VolumeBackend {
  constructor(readonly store: VolumeStore) {}

  #matches(v: VolumeRecord, filters: VolumeFilters): boolean {
    const labels = v.labels;
    for (const [key, values] of filters) {
      const ok = (() => {
        switch (key) {
          case "name":
            return values.some((p) => patternMatch(p, v.name));
          case "driver":
            return values.some((d) => d === "local");
          case "label":
            return values.every((l) => labelMatch(labels, l));
          case "label!":
            return !values.some((l) => labelMatch(labels, l));
          case "dangling":
            return values.some((d) =>
              booleanValue(key, d) === (this.store.usersOf(v.name).length === 0)
            );
          case "all":
            return true;
          default:
            throw invalidParameter(`invalid filter '${key}'`);
        }
      })();
      if (!ok) return false;
    }
    return true;
  }

  list(filters: VolumeFilters): Promise<Types.VolumeListResponse> {
    for (const value of filters.get("dangling") ?? []) booleanValue("dangling", value);
    const volumes = [...this.store.values()].filter((v) => this.#matches(v, filters));
    return Promise.resolve({ Volumes: volumes.map((v) => this.store.view(v)), Warnings: [] });
  }

  async create(body: Types.VolumeCreateRequest): Promise<Types.Volume> {
    const driver = body.Driver || "local";
    if (driver !== "local") {
      throw notFound(`error looking up volume plugin ${driver}: plugin "${driver}" not found`);
    }
    if (body.ClusterVolumeSpec) {
      throw invalidParameter("cluster volumes are only supported on swarm managers");
    }
    try {
      checkLocalOptions(body.DriverOpts ?? {});
    } catch (err) {
      // dockerd's volume service names the operation and volume (its OpErr).
      if (!(err instanceof DockerError)) throw err;
      throw new DockerError(err.kind, `create${body.Name ? ` ${body.Name}` : ""}: ${err.message}`);
    }
    const v = await this.store.create(body.Name, body.Labels ?? {}, body.DriverOpts ?? {});
    return this.store.view(v);
  }

  inspect(name: string): Promise<Types.Volume> {
    return Promise.resolve(this.store.view(this.store.get(name)));
  }

  remove(name: string, options: { force: boolean }): Promise<void> {
    return this.store.remove(name, options.force);
  }

  async prune(filters: VolumeFilters, options: { all: boolean }) {
    const all = options.all ||
      (filters.get("all") ?? []).some((value) => booleanValue("all", value));
    const deleted: string[] = [];
    let space = 0;
    for (const v of [...this.store.values()]) {
      if (this.store.usersOf(v.name).length > 0 || !this.#matches(v, filters)) continue;
      if (!all && !(ANONYMOUS_LABEL in v.labels)) continue;
      space += await directorySize(v.mountpoint).catch(() => 0);
      await this.store.remove(v.name, false);
      deleted.push(v.name);
    }
    this.store.events.publish({
      Type: "volume",
      Action: "prune",
      id: "",
      attributes: { reclaimed: String(space) },
    });
    return { VolumesDeleted: deleted, SpaceReclaimed: space };
  }

  /** Volume usage for `/system/df`. */
  async usage(): Promise<UsageOf<Types.Volume>> {
    const items: Types.Volume[] = [];
    for (const v of this.store.values()) {
      const size = await directorySize(v.mountpoint).catch(() => 0);
      items.push(this.store.view(v, { size }));
    }
    const unused = items.filter((v) => v.UsageData!.RefCount === 0);
    return {
      items,
      totalSize: items.reduce((n, v) => n + v.UsageData!.Size, 0),
      reclaimable: unused.reduce((n, v) => n + v.UsageData!.Size, 0),
      activeCount: items.length - unused.length,
    };
  }
}
