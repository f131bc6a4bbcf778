/**
 * @module
 * The one error model of the daemon. Backends and handlers throw a `DockerError` of a *kind*;
 * the server maps kinds to HTTP status in a single function (`src/server/error_response.ts`)
 * and renders Docker's `{"message": ...}` body.
 */

/** What went wrong, in dockerd's error-kind vocabulary. */
export type ErrorKind =
  | "InvalidParameter"
  | "NotFound"
  | "Conflict"
  | "NotModified"
  | "Unauthorized"
  | "Forbidden"
  | "PayloadTooLarge"
  | "NotImplemented"
  | "Unavailable"
  | "System";

/** An error with a kind and a message for the client. */
export class DockerError extends Error {
  constructor(readonly kind: ErrorKind, message: string) {
    super(message);
    this.name = "DockerError";
  }
}

/** The client sent something invalid (400). */
export function invalidParameter(message: string): DockerError {
  return new DockerError("InvalidParameter", message);
}

/** No such object (404). */
export function notFound(message: string): DockerError {
  return new DockerError("NotFound", message);
}

/** The object's state forbids the operation (409). */
export function conflict(message: string): DockerError {
  return new DockerError("Conflict", message);
}

/** The operation is not allowed on this object (403). */
export function forbidden(message: string): DockerError {
  return new DockerError("Forbidden", message);
}

/** The operation is not implemented by this backend (501). */
export function notImplemented(operationId: string, backend: string): DockerError {
  return new DockerError(
    "NotImplemented",
    `${operationId} is not implemented by the ${backend} backend`,
  );
}
