/**
 * @module
 * Handlers of the spec's Exec tag: create, start (hijacked unless detached), inspect, resize.
 */

import type { ExecConfig } from "../../engine/containers/backend.ts";
import type { Handler } from "../handler.ts";
import { defineHandler } from "../handler.ts";
import { empty, hijack, json } from "../respond.ts";
import { DEFAULT_DETACH_KEYS, parseDetachKeys } from "../detach_keys.ts";
import { runSession, streamContentType } from "../streams.ts";

/** POST /containers/{id}/exec. */
export const containerExec = defineHandler("ContainerExec", "exec.create", async (ctx) => {
  const config = (ctx.body ?? {}) as ExecConfig;
  if (config.DetachKeys) parseDetachKeys(config.DetachKeys);
  const created = await ctx.capability.create(ctx.params.path.id, config);
  return json(created, 201);
});

/** POST /exec/{id}/start. */
export const execStart = defineHandler("ExecStart", "exec.start", async (ctx) => {
  const body = (ctx.body ?? {}) as { Detach?: boolean; Tty?: boolean };
  const session = await ctx.capability.start(ctx.params.path.id, {
    detach: body.Detach === true,
    tty: body.Tty === true,
  }, ctx.signal);
  if (!session) return empty(200);
  const keys = parseDetachKeys(session.detachKeys || DEFAULT_DETACH_KEYS);
  return hijack(streamContentType(session.tty), (conn) => runSession(session, conn, true, keys));
});

/** GET /exec/{id}/json. */
export const execInspect = defineHandler("ExecInspect", "exec.inspect", async (ctx) => {
  return json(await ctx.capability.inspect(ctx.params.path.id));
});

/** POST /exec/{id}/resize. */
export const execResize = defineHandler("ExecResize", "exec.resize", async (ctx) => {
  await ctx.capability.resize(
    ctx.params.path.id,
    ctx.params.query.h ?? 0,
    ctx.params.query.w ?? 0,
  );
  return empty(200);
});

/** Every Exec handler. */
export const execHandlers: readonly Handler[] = [containerExec, execStart, execInspect, execResize];
