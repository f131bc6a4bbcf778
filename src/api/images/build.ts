/**
 * @module
 * `POST /build` (the classic builder, `Builder-Version: 1`): the body is the context tar, the
 * query names the Dockerfile, tags, build args, target and labels. Errors found before the first
 * step (bad query JSON, missing or malformed Dockerfile) answer 400; later ones end the stream
 * with an error line.
 */

import { invalidParameter } from "../../engine/errors.ts";
import { defineHandler } from "../handler.ts";
import { json } from "../respond.ts";
import { progressResponse } from "./progress.ts";

function jsonParam<T>(name: string, text: string | undefined, fallback: T): T {
  if (!text) return fallback;
  try {
    const value = JSON.parse(text);
    if (value === null || typeof value !== "object" || Array.isArray(value)) throw new Error();
    return value as T;
  } catch {
    throw invalidParameter(`invalid ${name} JSON: ${text}`);
  }
}

function truthy(value: string | undefined): boolean {
  return value !== undefined && value !== "" && value !== "0" && value.toLowerCase() !== "false";
}

/** POST /build. */
export const imageBuild = defineHandler("ImageBuild", "build.build", (ctx) => {
  const q = ctx.params.query;
  const buildArgs = jsonParam<Record<string, string | null>>("buildargs", q.buildargs, {});
  const labels = jsonParam<Record<string, string>>("labels", q.labels, {});
  if (q.remote) throw invalidParameter("remote build contexts are not supported");
  const tags = ctx.query.getAll("t").filter((t) => t !== "");
  return progressResponse((onProgress) =>
    ctx.capability.build(ctx.stream, {
      dockerfile: q.dockerfile,
      tags,
      buildArgs,
      target: q.target,
      labels,
      nocache: q.nocache,
      pull: truthy(q.pull),
      platform: q.platform || undefined,
      quiet: q.q,
      onProgress,
    })
  );
});

/** POST /build/prune: forgets the build cache, so the next build runs every step. */
export const buildPrune = defineHandler("BuildPrune", "build.pruneBuildCache", async (ctx) => {
  return json(await ctx.capability.pruneBuildCache());
});
