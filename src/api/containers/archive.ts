/**
 * @module
 * `docker cp`: `HEAD`, `GET` and `PUT /containers/{id}/archive`, streamed both ways. The path's
 * stat travels base64-encoded in `X-Docker-Container-Path-Stat`.
 */

import type { ArchiveStat } from "../../engine/containers/backend.ts";
import { invalidParameter } from "../../engine/errors.ts";
import { defineHandler } from "../handler.ts";
import { empty } from "../respond.ts";

function statHeader(stat: ArchiveStat): Record<string, string> {
  const json = JSON.stringify(stat);
  const b64 = btoa(String.fromCharCode(...new TextEncoder().encode(json)));
  return { "X-Docker-Container-Path-Stat": b64 };
}

/** A query flag the spec types as a string: set by `true` or `1`. */
function isSet(value: string | undefined): boolean {
  return value === "true" || value === "1";
}

/** HEAD /containers/{id}/archive. */
export const containerArchiveInfo = defineHandler(
  "ContainerArchiveInfo",
  "archive.archiveStat",
  async (ctx) => {
    const stat = await ctx.capability.archiveStat(
      ctx.params.path.id,
      ctx.params.query.path,
    );
    return empty(200, statHeader(stat));
  },
);

/** GET /containers/{id}/archive. */
export const containerArchive = defineHandler(
  "ContainerArchive",
  "archive.archiveGet",
  async (ctx) => {
    const { stat, tar } = await ctx.capability.archiveGet(
      ctx.params.path.id,
      ctx.params.query.path,
      ctx.signal,
    );
    return {
      status: 200,
      headers: { "Content-Type": "application/x-tar", ...statHeader(stat) },
      body: tar,
    };
  },
);

/** PUT /containers/{id}/archive. */
export const putContainerArchive = defineHandler(
  "PutContainerArchive",
  "archive.archivePut",
  async (ctx) => {
    if (!ctx.stream) throw invalidParameter("an archive is required in the request body");
    const q = ctx.params.query;
    await ctx.capability.archivePut(ctx.params.path.id, q.path, ctx.stream, {
      noOverwriteDirNonDir: isSet(q.noOverwriteDirNonDir),
      copyUIDGID: isSet(q.copyUIDGID),
    });
    return empty(200);
  },
);
