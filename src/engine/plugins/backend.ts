/**
 * @module
 * The Plugin capability a backend implements, in the API's shapes: listing and inspecting
 * installed plugins. Installing, enabling and removing plugins are not part of it (they answer
 * 501).
 */

import type { Types } from "../../../generated/docker/mod.ts";

/** Filter keys of `docker plugin ls`. */
export const PLUGIN_LIST_FILTERS = ["capability", "enable"];

/** The Plugin capability. */
export interface PluginBackend {
  list(filters: ReadonlyMap<string, readonly string[]>): Promise<Types.Plugin[]>;
  /** The plugin named or id'd `name`; NotFound (`plugin "x" not found`) when none is. */
  inspect(name: string): Promise<Types.Plugin>;
}
