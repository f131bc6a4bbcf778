/**
 * @module
 * Container life cycle: start, stop, restart, kill, pause, unpause, remove, rename, update,
 * resize, prune.
 */

import { CONTAINER_PRUNE_FILTERS } from "../../engine/containers/backend.ts";
import { parseFilters } from "../filters.ts";
import { defineHandler } from "../handler.ts";
import { empty, json } from "../respond.ts";

/** POST /containers/{id}/start. */
export const containerStart = defineHandler("ContainerStart", "containers.start", async (ctx) => {
  await ctx.capability.start(ctx.params.path.id);
  return empty();
});

/** POST /containers/{id}/stop. */
export const containerStop = defineHandler("ContainerStop", "containers.stop", async (ctx) => {
  const { t, signal } = ctx.params.query;
  await ctx.capability.stop(ctx.params.path.id, { timeout: t, signal });
  return empty();
});

/** POST /containers/{id}/restart. */
export const containerRestart = defineHandler(
  "ContainerRestart",
  "containers.restart",
  async (ctx) => {
    const { t, signal } = ctx.params.query;
    await ctx.capability.restart(ctx.params.path.id, { timeout: t, signal });
    return empty();
  },
);

/** POST /containers/{id}/kill. */
export const containerKill = defineHandler("ContainerKill", "containers.kill", async (ctx) => {
  await ctx.capability.kill(ctx.params.path.id, ctx.params.query.signal);
  return empty();
});

/** POST /containers/{id}/pause. */
export const containerPause = defineHandler("ContainerPause", "containers.pause", async (ctx) => {
  await ctx.capability.pause(ctx.params.path.id);
  return empty();
});

/** POST /containers/{id}/unpause. */
export const containerUnpause = defineHandler(
  "ContainerUnpause",
  "containers.unpause",
  async (ctx) => {
    await ctx.capability.unpause(ctx.params.path.id);
    return empty();
  },
);

/** DELETE /containers/{id}. */
export const containerDelete = defineHandler(
  "ContainerDelete",
  "containers.remove",
  async (ctx) => {
    const { v, force, link } = ctx.params.query;
    await ctx.capability.remove(ctx.params.path.id, { volumes: v, force, link });
    return empty();
  },
);

/** POST /containers/{id}/rename. */
export const containerRename = defineHandler(
  "ContainerRename",
  "containers.rename",
  async (ctx) => {
    await ctx.capability.rename(ctx.params.path.id, ctx.params.query.name);
    return empty();
  },
);

/** POST /containers/{id}/update. */
export const containerUpdate = defineHandler(
  "ContainerUpdate",
  "containers.update",
  async (ctx) => {
    const body = (ctx.body ?? {}) as Parameters<typeof ctx.capability.update>[1];
    return json(await ctx.capability.update(ctx.params.path.id, body));
  },
);

/** POST /containers/{id}/resize. */
export const containerResize = defineHandler(
  "ContainerResize",
  "containers.resize",
  async (ctx) => {
    const { h, w } = ctx.params.query;
    await ctx.capability.resize(ctx.params.path.id, h ?? 0, w ?? 0);
    return empty(200);
  },
);

/** POST /containers/prune. */
export const containerPrune = defineHandler("ContainerPrune", "containers.prune", async (ctx) => {
  const filters = parseFilters(ctx.params.query.filters, CONTAINER_PRUNE_FILTERS);
  return json(await ctx.capability.prune(filters));
});
