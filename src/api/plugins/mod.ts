/**
 * @module
 * Handlers of the spec's Plugin tag that read: PluginList and PluginInspect. The docker CLI's
 * `docker inspect <name>` tries plugins after containers, images, networks and volumes and
 * treats only a 404 as "not this kind", so inspecting must answer dockerd's 404 rather than a
 * 501 for `docker inspect nope` to end in `No such object`. The other Plugin operations stay 501.
 */

import { PLUGIN_LIST_FILTERS } from "../../engine/plugins/backend.ts";
import { parseFilters } from "../filters.ts";
import { defineHandler, type Handler } from "../handler.ts";
import { json } from "../respond.ts";

/** GET /plugins. */
export const pluginList = defineHandler("PluginList", "plugins.list", async (ctx) => {
  const filters = parseFilters(ctx.params.query.filters, PLUGIN_LIST_FILTERS);
  return json(await ctx.capability.list(filters));
});

/** GET /plugins/{name}/json. */
export const pluginInspect = defineHandler("PluginInspect", "plugins.inspect", async (ctx) => {
  return json(await ctx.capability.inspect(ctx.params.path.name));
});

/** Every Plugin handler. */
export const pluginHandlers: readonly Handler[] = [pluginList, pluginInspect];
