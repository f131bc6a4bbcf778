/**
 * @module
 * `GET /system/df`. API 1.52 answers per-kind usage objects (`ImageUsage`, ...); older clients
 * (the docker 28 CLI speaks 1.50) get the legacy lists (`Images`, `LayersSize`, ...), as dockerd
 * does by negotiated version.
 */

import type { Types } from "../../../generated/docker/mod.ts";
import type { DiskUsage, UsageOf } from "../../engine/mod.ts";
import { versionAtLeast } from "../api_version.ts";
import { defineHandler } from "../handler.ts";
import { json } from "../respond.ts";

type Kind = "image" | "container" | "volume" | "build-cache";

function usage(of: UsageOf<unknown>, verbose: boolean): Types.ImagesDiskUsage {
  return {
    ActiveCount: of.activeCount,
    TotalCount: of.items.length,
    Reclaimable: of.reclaimable,
    TotalSize: of.totalSize,
    ...(verbose ? { Items: of.items } : {}),
  };
}

function modern(
  df: DiskUsage,
  kinds: Set<Kind>,
  verbose: boolean,
): Types.SystemDataUsageResponse {
  return {
    ...(kinds.has("image") ? { ImageUsage: usage(df.images, verbose) } : {}),
    ...(kinds.has("container") ? { ContainerUsage: usage(df.containers, verbose) } : {}),
    ...(kinds.has("volume") ? { VolumeUsage: usage(df.volumes, verbose) } : {}),
    ...(kinds.has("build-cache") ? { BuildCacheUsage: usage(df.buildCache, verbose) } : {}),
  };
}

function legacy(df: DiskUsage, kinds: Set<Kind>) {
  return {
    ...(kinds.has("image") ? { LayersSize: df.layersSize, Images: df.images.items } : {}),
    ...(kinds.has("container") ? { Containers: df.containers.items } : {}),
    ...(kinds.has("volume") ? { Volumes: df.volumes.items } : {}),
    ...(kinds.has("build-cache") ? { BuildCache: df.buildCache.items } : {}),
  };
}

/** GET /system/df. */
export const systemDataUsage = defineHandler(
  "SystemDataUsage",
  "system.diskUsage",
  async ({ capability, params, version }) => {
    const requested = params.query.type as Kind[];
    const kinds = new Set<Kind>(
      requested.length > 0 ? requested : ["image", "container", "volume", "build-cache"],
    );
    const df = await capability.diskUsage();
    return json(
      versionAtLeast(version, "1.52") ? modern(df, kinds, params.query.verbose) : legacy(df, kinds),
    );
  },
);
