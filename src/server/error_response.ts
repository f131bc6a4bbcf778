/**
 * @module
 * The one place where errors become HTTP: error kinds map to status codes here and nowhere else,
 * and every error body is Docker's `{"message": ...}`.
 */

import { ParameterError } from "../../generated/docker/mod.ts";
import { type ApiResponse, empty, rawJson } from "../api/respond.ts";
import { DockerError, type ErrorKind } from "../engine/errors.ts";

const STATUS_OF_KIND: Record<ErrorKind, number> = {
  InvalidParameter: 400,
  Unauthorized: 401,
  Forbidden: 403,
  NotFound: 404,
  Conflict: 409,
  NotModified: 304,
  PayloadTooLarge: 413,
  System: 500,
  NotImplemented: 501,
  Unavailable: 503,
};

/** The HTTP status and client message of any thrown value. */
export function statusOf(err: unknown): { status: number; message: string } {
  if (err instanceof DockerError) return { status: STATUS_OF_KIND[err.kind], message: err.message };
  if (err instanceof ParameterError) return { status: 400, message: err.message };
  if (err instanceof URIError) return { status: 400, message: `invalid path: ${err.message}` };
  const message = err instanceof Error ? err.message : String(err);
  return { status: 500, message };
}

/** Renders an error as Docker does. 304 has no body by HTTP's rules. */
export function errorResponse(err: unknown): ApiResponse {
  const { status, message } = statusOf(err);
  if (status === 304) return empty(304);
  return rawJson(JSON.stringify({ message }), status);
}
