/**
 * @module
 * Pull (`POST /images/create?fromImage=`) and push (`POST /images/{name}/push`), with
 * `X-Registry-Auth` credentials and streamed progress.
 */

import { DockerError, invalidParameter } from "../../engine/errors.ts";
import { decodeRegistryAuth } from "../../engine/mod.ts";
import type { ImageCreateParams } from "../../../generated/docker/mod.ts";
import { defineHandler, type RequestContext, type UsedBy } from "../handler.ts";
import { type ApiResponse, rawJson } from "../respond.ts";
import { progressResponse } from "./progress.ts";

/** `docker import`: `fromSrc=-` imports the request body; a URL source is not supported. */
async function importFromBody(
  ctx: RequestContext<ImageCreateParams, UsedBy<"images.import">>,
): Promise<ApiResponse> {
  const q = ctx.params.query;
  if (q.fromSrc !== "-") {
    throw new DockerError(
      "NotImplemented",
      `ImageCreate with fromSrc=${q.fromSrc} (a URL) is not implemented by the ${ctx.backend.name} backend`,
    );
  }
  if (!ctx.stream) throw invalidParameter("an image tarball is required in the request body");
  const id = await ctx.capability.import(ctx.stream, {
    repo: q.repo || undefined,
    tag: q.tag || undefined,
    changes: ctx.query.getAll("changes"),
    message: q.message || undefined,
  });
  return rawJson(JSON.stringify({ status: id }) + "\n");
}

/** POST /images/create: pulls `fromImage`, or imports `fromSrc`. */
export const imageCreate = defineHandler("ImageCreate", ["images.pull", "images.import"], (ctx) => {
  const { fromImage, fromSrc, tag, platform } = ctx.params.query;
  if (!fromImage && fromSrc) return importFromBody(ctx);
  if (!fromImage) throw invalidParameter("either fromImage or fromSrc is required");
  const auth = decodeRegistryAuth(ctx.params.header["X-Registry-Auth"]);
  // No tag at all (`docker pull --all-tags`, docker-py's all_tags) pulls every tag, as dockerd.
  return progressResponse((onProgress) =>
    ctx.capability.pull(fromImage, tag || undefined, {
      auth,
      onProgress,
      platform,
      allTags: !tag,
    })
  );
});

/** POST /images/{name}/push. */
export const imagePush = defineHandler("ImagePush", "images.push", (ctx) => {
  const auth = decodeRegistryAuth(ctx.params.header["X-Registry-Auth"]);
  return progressResponse((onProgress) =>
    ctx.capability.push(ctx.params.path.name, ctx.params.query.tag || undefined, {
      auth,
      onProgress,
    })
  );
});
