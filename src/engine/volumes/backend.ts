/**
 * @module
 * The Volume capability a backend implements, in the API's shapes.
 */

import type { Types } from "../../../generated/docker/mod.ts";

/** Key → accepted values, parsed from a `filters` parameter. */
export type VolumeFilters = ReadonlyMap<string, readonly string[]>;

/** Filter keys of `docker volume ls`. */
export const VOLUME_LIST_FILTERS = ["dangling", "driver", "label", "name"];

/** Filter keys of `docker volume prune` (`all` since API 1.42). */
export const VOLUME_PRUNE_FILTERS = ["label", "label!", "all"];

/** The Volume capability. */
export interface VolumeBackend {
  list(filters: VolumeFilters): Promise<Types.VolumeListResponse>;
  create(body: Types.VolumeCreateRequest): Promise<Types.Volume>;
  inspect(name: string): Promise<Types.Volume>;
  remove(name: string, options: { force: boolean }): Promise<void>;
  /** Removes unused volumes; only anonymous ones unless `all`. */
  prune(
    filters: VolumeFilters,
    options: { all: boolean },
  ): Promise<Types.VolumePruneResponse>;
}
