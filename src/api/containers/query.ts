/**
 * @module
 * Reading containers: list, inspect, top, changes, stats.
 */

import type { Types } from "../../../generated/docker/mod.ts";
import { CONTAINER_LIST_FILTERS } from "../../engine/containers/backend.ts";
import { parseFilters } from "../filters.ts";
import { defineHandler } from "../handler.ts";
import { json, ndjson } from "../respond.ts";

/** GET /containers/json. */
export const containerList = defineHandler("ContainerList", "containers.list", async (ctx) => {
  const { all, limit, size, filters } = ctx.params.query;
  return json(
    await ctx.capability.list({
      all: all || (limit !== undefined && limit > 0),
      limit,
      size,
      filters: parseFilters(filters, CONTAINER_LIST_FILTERS),
    }),
  );
});

/** GET /containers/{id}/json. */
export const containerInspect = defineHandler(
  "ContainerInspect",
  "containers.inspect",
  async (ctx) => {
    return json(await ctx.capability.inspect(ctx.params.path.id, ctx.params.query.size));
  },
);

/** GET /containers/{id}/top. */
export const containerTop = defineHandler("ContainerTop", "monitor.top", async (ctx) => {
  return json(await ctx.capability.top(ctx.params.path.id, ctx.params.query.ps_args));
});

/** GET /containers/{id}/changes. */
export const containerChanges = defineHandler(
  "ContainerChanges",
  "archive.changes",
  async (ctx) => {
    return json(await ctx.capability.changes(ctx.params.path.id));
  },
);

const STATS_INTERVAL_MS = 1000;

/** Samples from `first` (already read, which checked the container exists) on, a second apart. */
async function* statsEverySecond(
  first: Types.ContainerStatsResponse,
  read: () => Promise<Types.ContainerStatsResponse>,
  signal: AbortSignal,
): AsyncGenerator<string> {
  let previous: Types.ContainerStatsResponse | undefined;
  let now = first;
  while (!signal.aborted) {
    if (previous) now.precpu_stats = previous.cpu_stats;
    if (previous) now.preread = previous.read;
    yield JSON.stringify(now);
    previous = now;
    await new Promise((resolve) => setTimeout(resolve, STATS_INTERVAL_MS));
    if (signal.aborted) break;
    now = await read();
  }
}

/**
 * GET /containers/{id}/stats: one sample per second while streaming; without streaming, two
 * samples a second apart (so `precpu_stats` gives clients a CPU delta), or one with `one-shot`.
 */
export const containerStats = defineHandler("ContainerStats", "monitor.stats", async (ctx) => {
  const { id } = ctx.params.path;
  const read = () => ctx.capability.stats(id);
  const first = await read();
  if (ctx.params.query.stream) return ndjson(statsEverySecond(first, read, ctx.signal));
  if (ctx.params.query["one-shot"]) return json(first);
  await new Promise((resolve) => setTimeout(resolve, STATS_INTERVAL_MS));
  const second = await read();
  return json({ ...second, precpu_stats: first.cpu_stats, preread: first.read });
});
