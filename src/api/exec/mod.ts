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
export const containerExec = defineHandler("ContainerExec", "exec", async (ctx) => {
  const config = (ctx.body ?? {}) as ExecConfig;
  if (config.DetachKeys) parseDetachKeys(config.DetachKeys);
  const created = await ctx.backend.exec!.create(ctx.params.path.id, config);
  return json(created, 201);
});

/** POST /exec/{id}/start. */
export const execStart = defineHandler("ExecStart", "exec", async (ctx) => {
  const body = (ctx.body ?? {}) as { Detach?: boolean; Tty?: boolean };
  const session = await ctx.backend.exec!.start(ctx.params.path.id, {
    detach: body.Detach === true,
    tty: body.Tty === true,
  });
  if (!session) return empty(200);
  const keys = parseDetachKeys(session.detachKeys || DEFAULT_DETACH_KEYS);
  return hijack(streamContentType(session.tty), (conn) => runSession(session, conn, true, keys));
});

/** GET /exec/{id}/json. */
export const execInspect = defineHandler("ExecInspect", "exec", async (ctx) => {
  return json(await ctx.backend.exec!.inspect(ctx.params.path.id));
});

/** POST /exec/{id}/resize. */
export const execResize = defineHandler("ExecResize", "exec", async (ctx) => {
  await ctx.backend.exec!.resize(
    ctx.params.path.id,
    ctx.params.query.h ?? 0,
    ctx.params.query.w ?? 0,
  );
  return empty(200);
});

/** Every Exec handler. */
export const execHandlers: readonly Handler[] = [containerExec, execStart, execInspect, execResize];
