/**
 * @module
 * `docker push` from the store: the image's config bytes and layer tars go to the registry
 * (gzip is deterministic, so pushing twice gives the same digest), and the pushed manifest's
 * digest joins the image's RepoDigests.
 */

import { notFound } from "../errors.ts";
import {
  familiarName,
  familiarString,
  parseReference,
  type ProgressEvent,
  pushImage,
  type Reference,
  type RegistryAuth,
  toJsonMessage,
} from "../../../sandbox/oci/mod.ts";
import type { ImageRecord, ImageStore } from "./store.ts";

/** What a push reports to and authenticates with. */
export interface PushContext {
  auth?: RegistryAuth;
  onProgress: (message: Record<string, unknown>) => void;
}

/** The references a push of `name` (with `tag`, or every tag of the repository) covers. */
export function pushTargets(store: ImageStore, name: string, tag: string | undefined) {
  const repo = parseReference(name);
  const wanted = tag || repo.tag;
  const targets: { ref: Reference; image: ImageRecord }[] = [];
  const base = { ...repo, tag: undefined, digest: undefined };
  if (wanted) {
    const ref = { ...base, tag: wanted };
    const image = store.find(familiarString(ref));
    if (image) targets.push({ ref, image });
  } else {
    for (const image of store.values()) {
      for (const t of image.repoTags) {
        if (t.startsWith(`${familiarName(base)}:`)) {
          targets.push({ ref: { ...base, tag: t.slice(familiarName(base).length + 1) }, image });
        }
      }
    }
  }
  if (targets.length === 0) {
    throw notFound(`An image does not exist locally with the tag: ${familiarName(base)}`);
  }
  return targets;
}

/** Pushes one image to `ref`; answers the manifest digest. */
export async function pushTo(ref: Reference, image: ImageRecord, ctx: PushContext) {
  const emit = (e: ProgressEvent) => ctx.onProgress(toJsonMessage(e) as Record<string, unknown>);
  const result = await pushImage(ref, {
    auth: ctx.auth,
    config: image.configBytes,
    layers: image.layers.map((l) => ({ open: l.open, diffId: l.diffId, tarSize: l.size })),
    onProgress: emit,
  });
  const digest = `${familiarName(ref)}@${result.digest}`;
  image.repoDigests = [...new Set([...image.repoDigests, digest])];
  return result.digest;
}
