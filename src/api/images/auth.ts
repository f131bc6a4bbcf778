/**
 * @module
 * `POST /auth` (`docker login`): checks the credentials against their registry.
 */

import { invalidParameter } from "../../engine/errors.ts";
import { defineHandler } from "../handler.ts";
import { json } from "../respond.ts";

/** POST /auth. */
export const systemAuth = defineHandler("SystemAuth", "images.login", async (ctx) => {
  const body = (ctx.body ?? {}) as Record<string, unknown>;
  const text = (key: string) => typeof body[key] === "string" ? body[key] as string : undefined;
  if (!text("username") && !text("identitytoken")) throw invalidParameter("username is required");
  return json(
    await ctx.capability.login({
      username: text("username"),
      password: text("password"),
      identityToken: text("identitytoken"),
      serverAddress: text("serveraddress"),
    }),
  );
});
