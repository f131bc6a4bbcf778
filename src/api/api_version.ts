/**
 * @module
 * API version negotiation, as dockerd does it: an optional `/v{X.Y}` path prefix selects the
 * version; no prefix means the newest; a version outside [MIN, MAX] is refused with dockerd's
 * own wording.
 */

import { invalidParameter } from "../engine/errors.ts";
import { MAX_API_VERSION, MIN_API_VERSION } from "../version.ts";

const PREFIX = /^\/v(\d+\.\d+)(\/.*)$/;

/** Compares two `X.Y` versions numerically. */
export function compareVersions(a: string, b: string): number {
  const [aMajor, aMinor] = a.split(".").map(Number);
  const [bMajor, bMinor] = b.split(".").map(Number);
  return aMajor - bMajor || aMinor - bMinor;
}

/** True when `version` is at least `min`. */
export function versionAtLeast(version: string, min: string): boolean {
  return compareVersions(version, min) >= 0;
}

/** Splits a request path into its requested version (if any) and the path without the prefix. */
export function splitVersionPrefix(pathname: string): { requested?: string; path: string } {
  const match = PREFIX.exec(pathname);
  return match ? { requested: match[1], path: match[2] } : { path: pathname };
}

/** The version a request is served at, or a 400 for one out of range. */
export function negotiateVersion(requested: string | undefined): string {
  if (requested === undefined) return MAX_API_VERSION;
  if (compareVersions(requested, MIN_API_VERSION) < 0) {
    throw invalidParameter(
      `client version ${requested} is too old. Minimum supported API version is ${MIN_API_VERSION}, please upgrade your client to a newer version`,
    );
  }
  if (compareVersions(requested, MAX_API_VERSION) > 0) {
    throw invalidParameter(
      `client version ${requested} is too new. Maximum supported API version is ${MAX_API_VERSION}`,
    );
  }
  return requested;
}
