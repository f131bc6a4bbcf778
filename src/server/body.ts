/**
 * @module
 * Reads and checks JSON request bodies: a size limit (413), JSON syntax (400) and the generated
 * schema check of the operation (400 naming the field).
 */

import { type Check, runCheck } from "../../generated/docker/mod.ts";
import type { ApiRequest } from "../api/handler.ts";
import { DockerError, invalidParameter } from "../engine/errors.ts";

/** The default limit of a JSON request body: far above any real client's, far below harm. */
export const DEFAULT_MAX_JSON_BODY = 16 * 1024 * 1024;

function tooLarge(limit: number): DockerError {
  return new DockerError("PayloadTooLarge", `request body exceeds the limit of ${limit} bytes`);
}

/** Reads the whole body as text, refusing more than `limit` bytes. */
export async function readBodyText(request: ApiRequest, limit: number): Promise<string> {
  const declared = Number(request.header("content-length") ?? "0");
  if (declared > limit) throw tooLarge(limit);
  const body = request.body();
  if (!body) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.byteLength;
    if (size > limit) throw tooLarge(limit);
    chunks.push(chunk);
  }
  const all = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    all.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder().decode(all);
}

/** Parses a JSON body and runs the operation's request check; empty means undefined. */
export function parseJsonBody(text: string, check: Check | undefined): unknown {
  if (text.trim() === "") return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw invalidParameter(`invalid JSON in request body: ${(err as Error).message}`);
  }
  if (check) {
    const issues = runCheck(check, value, false);
    if (issues.length > 0) {
      const first = issues[0];
      const where = first.path === "$" ? "the body" : `field ${first.path.replace(/^\$\.?/, "")}`;
      throw invalidParameter(
        `invalid request body: ${where} must be ${first.expected}, not ${first.actual}`,
      );
    }
  }
  return value;
}
