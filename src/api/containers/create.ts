/**
 * @module
 * `POST /containers/create`.
 */

import type { Types } from "../../../generated/docker/mod.ts";
import { invalidParameter } from "../../engine/errors.ts";
import { defineHandler } from "../handler.ts";
import { json } from "../respond.ts";

type CreateBody = Types.ContainerConfig & {
  HostConfig?: Types.HostConfig;
  NetworkingConfig?: Types.NetworkingConfig;
};

/** POST /containers/create. */
export const containerCreate = defineHandler(
  "ContainerCreate",
  "containers",
  async ({ backend, params, body }) => {
    if (body === undefined || body === null) {
      throw invalidParameter("config cannot be empty in order to create a container");
    }
    const created = await backend.containers!.create(params.query.name, body as CreateBody, {
      platform: params.query.platform || undefined,
    });
    return json(created, 201);
  },
);
