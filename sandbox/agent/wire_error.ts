/**
 * @module
 * Errors across the wire: a `DockerError` keeps its kind (a 404 stays a 404); anything else
 * arrives as a `System` error with its message.
 */

import { DockerError, type ErrorKind } from "../errors.ts";
import type { WireError } from "./protocol.ts";

const KINDS = new Set<ErrorKind>([
  "InvalidParameter",
  "NotFound",
  "Conflict",
  "NotModified",
  "Unauthorized",
  "Forbidden",
  "PayloadTooLarge",
  "NotImplemented",
  "Unavailable",
  "System",
]);

/** An error as it is sent. */
export function toWire(err: unknown): WireError {
  if (err instanceof DockerError) return { kind: err.kind, message: err.message };
  return { kind: "System", message: err instanceof Error ? err.message : String(err) };
}

/** A received error as a `DockerError`; an unknown kind is read as `System`. */
export function fromWire(error: WireError): DockerError {
  const kind = KINDS.has(error?.kind) ? error.kind : "System";
  return new DockerError(kind, String(error?.message ?? "unknown agent error"));
}

/** The error every pending call and stream fails with when the connection is lost. */
export function connectionLost(detail: string): DockerError {
  return new DockerError("Unavailable", `The runtime agent connection was lost: ${detail}`);
}
