/**
 * @module
 * Platforms on the memory backend. Its images hold one platform each (the catalogue's are
 * linux/amd64; a registry pull picks one). Asking for another is answered in dockerd's words
 * rather than handing out an image of the wrong platform: a pull of the catalogue finds no
 * matching manifest, and a create names the mismatch with a 404 (the docker CLI then pulls
 * for that platform, as with dockerd).
 */

import { DockerError } from "../errors.ts";
import { formatPlatform, parsePlatform, platformMatches } from "../../../sandbox/oci/mod.ts";
import type { ImageRecord } from "./store.ts";

/** The platform every catalogue image has. */
const CATALOGUE_PLATFORM = { os: "linux", architecture: "amd64" };

/** Throws dockerd's pull error when `wanted` is set and is not the catalogue's platform. */
export function checkCataloguePlatform(wanted: string | undefined): void {
  if (!wanted) return;
  const want = parsePlatform(wanted);
  if (platformMatches(CATALOGUE_PLATFORM, want)) return;
  throw new DockerError(
    "NotFound",
    `no matching manifest for ${formatPlatform(want)} in the manifest list entries`,
  );
}

/** Whether `image` is of the `wanted` platform (any, when none is asked for). */
export function hasPlatform(image: ImageRecord, wanted: string | undefined): boolean {
  if (!wanted) return true;
  return platformMatches({ os: image.os, architecture: image.architecture }, parsePlatform(wanted));
}

/** Throws dockerd's create error when `wanted` is set and `image` is of another platform. */
export function checkImagePlatform(image: ImageRecord, name: string, wanted?: string): void {
  if (!wanted || hasPlatform(image, wanted)) return;
  const want = parsePlatform(wanted);
  const have = { os: image.os, architecture: image.architecture };
  throw new DockerError(
    "NotFound",
    `image with reference ${name} was found but its platform (${
      formatPlatform(have)
    }) does not match the specified platform (${formatPlatform(want)})`,
  );
}
