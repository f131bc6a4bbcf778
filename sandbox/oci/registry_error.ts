/**
 * @module
 * Turns registry answers and network failures into `DockerError`s worded like dockerd's:
 * the registry's `{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown"}]}` body
 * reads `manifest unknown: manifest unknown`; a refused connection is Unavailable.
 */

import { DockerError, type ErrorKind } from "../errors.ts";
import { familiarName, familiarString, type Reference } from "./reference.ts";

/** One entry of the registry's error body. */
export interface RegistryErrorEntry {
  code: string;
  message: string;
}

/** A `DockerError` raised for a registry answer, keeping the HTTP status and error codes. */
export class RegistryError extends DockerError {
  constructor(
    kind: ErrorKind,
    message: string,
    readonly status: number,
    readonly codes: string[],
  ) {
    super(kind, message);
    this.name = "RegistryError";
  }
}

const STATUS_TEXT: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

/** What a body-less answer (to HEAD) means, worded as the registry's error codes. */
const BODYLESS: Record<number, string> = {
  401: "unauthorized: authentication required",
  403: "denied: requested access to the resource is denied",
};

function kindOf(status: number): ErrorKind {
  if (status === 401) return "Unauthorized";
  if (status === 403) return "Forbidden";
  if (status === 404) return "NotFound";
  if (status === 429 || status === 502 || status === 503 || status === 504) return "Unavailable";
  if (status >= 400 && status < 500) return "InvalidParameter";
  return "System";
}

/** `MANIFEST_UNKNOWN` + `manifest unknown` → `manifest unknown: manifest unknown`. */
export function describeEntry(entry: RegistryErrorEntry): string {
  return `${entry.code.toLowerCase().replaceAll("_", " ")}: ${entry.message}`;
}

async function entriesOf(res: Response): Promise<RegistryErrorEntry[]> {
  try {
    const body = await res.json();
    if (typeof body?.details === "string") {
      return [{ code: res.status === 401 ? "UNAUTHORIZED" : "DENIED", message: body.details }];
    }
    const errors = Array.isArray(body?.errors) ? body.errors : [];
    return errors
      .filter((e: unknown) => e && typeof (e as RegistryErrorEntry).code === "string")
      .map((e: RegistryErrorEntry) => ({ code: e.code, message: String(e.message ?? "") }));
  } catch {
    return [];
  }
}

/** Reads an unsuccessful response (consuming its body) into a `RegistryError`. */
export async function responseError(res: Response): Promise<RegistryError> {
  const entries = res.body ? await entriesOf(res) : [];
  const text = STATUS_TEXT[res.status] ?? res.statusText;
  const message = entries.length
    ? entries.map(describeEntry).join(", ")
    : BODYLESS[res.status] ?? `received unexpected HTTP status: ${res.status} ${text}`.trim();
  return new RegistryError(kindOf(res.status), message, res.status, entries.map((e) => e.code));
}

/** The innermost message of an error and its causes (`fetch failed` hides the reason). */
function rootMessage(err: unknown): string {
  let message = err instanceof Error ? err.message : String(err);
  let cause = err instanceof Error ? err.cause : undefined;
  while (cause !== undefined) {
    message = cause instanceof Error ? cause.message : String(cause);
    cause = cause instanceof Error ? cause.cause : undefined;
  }
  return message.replace(/^error sending request for url \([^)]*\): /, "");
}

/** Wraps a failed `fetch` (refused, reset, DNS) as Unavailable, naming the request. */
export function networkError(method: string, url: string, err: unknown): DockerError {
  if (err instanceof DockerError) return err;
  const raw = rootMessage(err);
  const cause = /connection refused/i.test(raw) ? "connect: connection refused" : raw;
  const verb = method[0] + method.slice(1).toLowerCase();
  return new DockerError("Unavailable", `${verb} "${url}": ${cause}`);
}

/**
 * Words a failed manifest fetch the way dockerd words a failed pull: unknown manifests and
 * repositories and denied access are NotFound (`manifest for alpine:nope not found: …`,
 * `pull access denied for x, repository does not exist or may require 'docker login': …`).
 */
export function pullError(err: RegistryError, ref: Reference): DockerError {
  const detail = err.message;
  const codes = err.codes;
  if (codes.includes("MANIFEST_UNKNOWN") || (err.status === 404 && codes.length === 0)) {
    const cause = codes.length ? detail : "manifest unknown";
    return new DockerError("NotFound", `manifest for ${familiarString(ref)} not found: ${cause}`);
  }
  if (codes.includes("NAME_UNKNOWN")) {
    return new DockerError("NotFound", `repository ${familiarName(ref)} not found: ${detail}`);
  }
  if (err.status === 401 || err.status === 403 || codes.includes("DENIED")) {
    return new DockerError(
      "NotFound",
      `pull access denied for ${
        familiarName(ref)
      }, repository does not exist or may require 'docker login': ${detail}`,
    );
  }
  return err;
}
