/**
 * @module
 * `POST /containers/create`.
 */

import type { ContainerCreateBody } from "../../engine/containers/backend.ts";
import { invalidParameter } from "../../engine/errors.ts";
import { defineHandler } from "../handler.ts";
import { json } from "../respond.ts";

/** POST /containers/create. */
export const containerCreate = defineHandler(
  "ContainerCreate",
  "containers.create",
  async ({ capability, params, body }) => {
    if (body === undefined || body === null) {
      throw invalidParameter("config cannot be empty in order to create a container");
    }
    const created = await capability.create(params.query.name, body as ContainerCreateBody, {
      platform: params.query.platform || undefined,
    });
    return json(created, 201);
  },
);
