/**
 * @module
 * Local image operations: list, inspect, history, tag, remove, prune. Search stays unrouted
 * (the uniform 501): there is no registry index to search.
 */

import { DockerError } from "../../engine/errors.ts";
import { versionAtLeast } from "../api_version.ts";
import { parseFilters } from "../filters.ts";
import { defineHandler } from "../handler.ts";
import { empty, json } from "../respond.ts";

const LIST_FILTERS = ["dangling", "label", "reference", "before", "since"];
const PRUNE_FILTERS = ["dangling", "label", "label!", "until"];

/** GET /images/json. Before API 1.51 dockerd leaves `Containers` uncounted (-1). */
export const imageList = defineHandler("ImageList", "images.list", async (ctx) => {
  const filters = parseFilters(ctx.params.query.filters, LIST_FILTERS);
  const images = await ctx.capability.list({ all: ctx.params.query.all, filters });
  if (versionAtLeast(ctx.version, "1.51")) return json(images);
  return json(images.map((img) => ({ ...img, Containers: -1 })));
});

/** GET /images/{name}/json. */
export const imageInspect = defineHandler("ImageInspect", "images.inspect", async (ctx) => {
  return json(await ctx.capability.inspect(ctx.params.path.name));
});

/** GET /images/{name}/history. */
export const imageHistory = defineHandler("ImageHistory", "images.history", async (ctx) => {
  return json(await ctx.capability.history(ctx.params.path.name));
});

/** POST /images/{name}/tag: 201 as dockerd. */
export const imageTag = defineHandler("ImageTag", "images.tag", async (ctx) => {
  const { repo, tag } = ctx.params.query;
  if (!repo) {
    throw new DockerError("InvalidParameter", "repository name must have at least one component");
  }
  await ctx.capability.tag(ctx.params.path.name, repo, tag || undefined);
  return empty(201);
});

/** DELETE /images/{name}. */
export const imageDelete = defineHandler("ImageDelete", "images.remove", async (ctx) => {
  const { force, noprune } = ctx.params.query;
  return json(await ctx.capability.remove(ctx.params.path.name, { force, noprune }));
});

/** POST /images/prune. */
export const imagePrune = defineHandler("ImagePrune", "images.prune", async (ctx) => {
  const filters = parseFilters(ctx.params.query.filters, PRUNE_FILTERS);
  return json(await ctx.capability.prune(filters));
});
