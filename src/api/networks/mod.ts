/**
 * @module
 * Handlers of the spec's Network tag.
 */

import type { Types } from "../../../generated/docker/mod.ts";
import { invalidParameter } from "../../engine/errors.ts";
import {
  NETWORK_LIST_FILTERS,
  NETWORK_PRUNE_FILTERS,
  type NetworkCreateBody,
} from "../../engine/networks/backend.ts";
import { parseFilters } from "../filters.ts";
import { defineHandler, type Handler } from "../handler.ts";
import { empty, json } from "../respond.ts";

/** GET /networks. */
export const networkList = defineHandler("NetworkList", "networks.list", async (ctx) => {
  const filters = parseFilters(ctx.params.query.filters, NETWORK_LIST_FILTERS);
  return json(await ctx.capability.list(filters));
});

/** GET /networks/{id}. */
export const networkInspect = defineHandler("NetworkInspect", "networks.inspect", async (ctx) => {
  const { id } = ctx.params.path;
  return json(await ctx.capability.inspect(id, { scope: ctx.params.query.scope }));
});

/** POST /networks/create. */
export const networkCreate = defineHandler("NetworkCreate", "networks.create", async (ctx) => {
  const body = ctx.body as NetworkCreateBody | undefined;
  if (!body || typeof body !== "object") throw invalidParameter("network name is required");
  return json(await ctx.capability.create(body), 201);
});

/** DELETE /networks/{id}. */
export const networkDelete = defineHandler("NetworkDelete", "networks.remove", async (ctx) => {
  await ctx.capability.remove(ctx.params.path.id);
  return empty();
});

function containerOf(body: unknown): string {
  const container = (body as { Container?: unknown } | undefined)?.Container;
  if (typeof container !== "string" || container === "") {
    throw invalidParameter("container is required");
  }
  return container;
}

/** POST /networks/{id}/connect. */
export const networkConnect = defineHandler("NetworkConnect", "networks.connect", async (ctx) => {
  const body = ctx.body as Types.NetworkConnectRequest | undefined;
  const container = containerOf(body);
  await ctx.capability.connect(ctx.params.path.id, container, body?.EndpointConfig ?? null);
  return empty(200);
});

/** POST /networks/{id}/disconnect. */
export const networkDisconnect = defineHandler(
  "NetworkDisconnect",
  "networks.disconnect",
  async (ctx) => {
    const body = ctx.body as Types.NetworkDisconnectRequest | undefined;
    const container = containerOf(body);
    await ctx.capability.disconnect(ctx.params.path.id, container, body?.Force === true);
    return empty(200);
  },
);

/** POST /networks/prune. */
export const networkPrune = defineHandler("NetworkPrune", "networks.prune", async (ctx) => {
  const filters = parseFilters(ctx.params.query.filters, NETWORK_PRUNE_FILTERS);
  return json(await ctx.capability.prune(filters));
});

/** Every Network handler. */
export const networkHandlers: readonly Handler[] = [
  networkList,
  networkInspect,
  networkCreate,
  networkDelete,
  networkConnect,
  networkDisconnect,
  networkPrune,
];
