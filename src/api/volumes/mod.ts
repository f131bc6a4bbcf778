/**
 * @module
 * Handlers of the spec's Volume tag. VolumeUpdate is for swarm cluster volumes and stays 501.
 */

import type { Types } from "../../../generated/docker/mod.ts";
import { invalidParameter } from "../../engine/errors.ts";
import { VOLUME_LIST_FILTERS, VOLUME_PRUNE_FILTERS } from "../../engine/volumes/backend.ts";
import { versionAtLeast } from "../api_version.ts";
import { parseFilters } from "../filters.ts";
import { defineHandler, type Handler } from "../handler.ts";
import { empty, json } from "../respond.ts";

/** GET /volumes. */
export const volumeList = defineHandler("VolumeList", "volumes.list", async (ctx) => {
  const filters = parseFilters(ctx.params.query.filters, VOLUME_LIST_FILTERS);
  return json(await ctx.capability.list(filters));
});

/** POST /volumes/create. */
export const volumeCreate = defineHandler("VolumeCreate", "volumes.create", async (ctx) => {
  const body = (ctx.body ?? {}) as Types.VolumeCreateRequest;
  if (typeof body !== "object") throw invalidParameter("invalid volume create request body");
  return json(await ctx.capability.create(body), 201);
});

/** GET /volumes/{name}. */
export const volumeInspect = defineHandler("VolumeInspect", "volumes.inspect", async (ctx) => {
  return json(await ctx.capability.inspect(ctx.params.path.name));
});

/** DELETE /volumes/{name}. */
export const volumeDelete = defineHandler("VolumeDelete", "volumes.remove", async (ctx) => {
  await ctx.capability.remove(ctx.params.path.name, { force: ctx.params.query.force });
  return empty();
});

/** POST /volumes/prune: before API 1.42 named volumes are pruned too. */
export const volumePrune = defineHandler("VolumePrune", "volumes.prune", async (ctx) => {
  const filters = parseFilters(ctx.params.query.filters, VOLUME_PRUNE_FILTERS);
  const all = !versionAtLeast(ctx.version, "1.42");
  return json(await ctx.capability.prune(filters, { all }));
});

/** Every Volume handler. */
export const volumeHandlers: readonly Handler[] = [
  volumeList,
  volumeCreate,
  volumeInspect,
  volumeDelete,
  volumePrune,
];
