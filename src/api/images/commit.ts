/**
 * @module
 * `POST /commit` (`docker commit`): a container's changes become a new image.
 */

import { defineHandler } from "../handler.ts";
import { json } from "../respond.ts";
import { invalidParameter } from "../../engine/errors.ts";

/** POST /commit: 201 with the new image's id. */
export const imageCommit = defineHandler("ImageCommit", "commit.commit", async (ctx) => {
  const { container, repo, tag, comment, author } = ctx.params.query;
  if (!container) throw invalidParameter("container is required");
  const body = (ctx.body ?? {}) as Record<string, unknown>;
  const changes = ctx.query.getAll("changes").flatMap((c) => c.split("\n")).filter((c) =>
    c.trim() !== ""
  );
  const result = await ctx.capability.commit(container, {
    repo: repo || undefined,
    tag: tag || undefined,
    comment: comment || undefined,
    author: author || undefined,
    changes,
    config: body,
  });
  return json(result, 201);
});
