/**
 * @module
 * `docker save` (`GET /images/{name}/get`, `GET /images/get?names=`) and `docker load`
 * (`POST /images/load`) with docker-archive tars.
 */

import { invalidParameter } from "../../engine/errors.ts";
import { defineHandler } from "../handler.ts";
import { type ApiResponse, ndjson } from "../respond.ts";

function tarResponse(body: ReadableStream<Uint8Array>): ApiResponse {
  return { status: 200, headers: { "Content-Type": "application/x-tar" }, body };
}

/** GET /images/{name}/get. */
export const imageGet = defineHandler("ImageGet", "images.save", async (ctx) => {
  return tarResponse(await ctx.capability.save([ctx.params.path.name]));
});

/** GET /images/get. */
export const imageGetAll = defineHandler("ImageGetAll", "images.save", async (ctx) => {
  const names = ctx.query.getAll("names").flatMap((n) => n.split(",")).filter((n) => n);
  if (names.length === 0) throw invalidParameter("names is required");
  return tarResponse(await ctx.capability.save(names));
});

/** POST /images/load: the archive is the request body. */
export const imageLoad = defineHandler("ImageLoad", "images.load", async (ctx) => {
  if (!ctx.stream) throw invalidParameter("the request body must be a tar archive");
  const lines = await ctx.capability.load(ctx.stream);
  // `quiet` hides progress bars only; dockerd still reports what it loaded.
  async function* out() {
    for (const line of lines) yield JSON.stringify({ stream: `${line}\n` });
  }
  return ndjson(out());
});
