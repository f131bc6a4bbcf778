/**
 * @module
 * The engine's plugins: none can be installed (its volumes and networks use built-in
 * drivers), so the list is empty and every name is unknown, as on a dockerd without plugins.
 */

import type { Types } from "../../../generated/docker/mod.ts";
import { notFound } from "../errors.ts";
import type { PluginBackend } from "./backend.ts";

/** No plugins. */
export class EnginePlugins implements PluginBackend {
  list(): Promise<Types.Plugin[]> {
    return Promise.resolve([]);
  }

  inspect(name: string): Promise<Types.Plugin> {
    return Promise.reject(notFound(`plugin "${name}" not found`));
  }
}
