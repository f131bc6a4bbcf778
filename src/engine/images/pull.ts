/**
 * @module
 * `docker pull`: docker.io images the backend has stand-ins for (the memory backend's offline
 * catalogue) come from its stand-in source; every other reference is pulled from its registry. A
 * docker.io image that is neither a stand-in nor reachable gets dockerd's "pull access denied"
 * wording; nothing is invented.
 */

import { DockerError, invalidParameter, notFound } from "../errors.ts";
import {
  DEFAULT_DOMAIN,
  familiarName,
  listTags,
  parseReference,
  type Reference,
} from "../../../sandbox/oci/mod.ts";
import { checkCataloguePlatform } from "./platform.ts";
import type { LayerFiles } from "./layer_files.ts";
import { type PullContext, registryPull } from "./registry_pull.ts";
import type { StandInSource } from "./stand_ins.ts";
import type { ImageRecord, ImageStore } from "./store.ts";

export type { PullContext } from "./registry_pull.ts";

/** A pull's context with the backend's stand-ins, if it has any. */
export type PullSources = PullContext & { standIns?: StandInSource };

/** Parses `fromImage` and `tag` (a tag or a digest) as one reference. */
function pullReference(image: string, tag: string | undefined): Reference {
  const text = !tag ? image : tag.startsWith("sha256:") ? `${image}@${tag}` : `${image}:${tag}`;
  try {
    return parseReference(text);
  } catch (err) {
    if (err instanceof DockerError) throw err;
    throw invalidParameter("invalid reference format");
  }
}

/**
 * What one pull covers: `fromImage[:tag]`, or, for `allTags` when neither names a tag or a
 * digest, every tag of the repository (the stand-in source's for a stand-in, else the
 * registry's), as dockerd reads a pull of a bare name.
 */
export async function pullReferences(
  image: string,
  tag: string | undefined,
  ctx: PullSources & { allTags?: boolean },
): Promise<Reference[]> {
  const ref = pullReference(image, tag);
  const bare = !tag && !image.includes("@") && !/:[^/]*$/.test(image);
  if (!ctx.allTags || !bare) return [ref];
  let tags = ref.domain === DEFAULT_DOMAIN ? ctx.standIns?.tags(familiarName(ref)) : undefined;
  if (!tags) {
    try {
      tags = await listTags(ref, { auth: ctx.auth });
    } catch (err) {
      if (ref.domain === DEFAULT_DOMAIN) throw denied(ref);
      throw err;
    }
  }
  if (tags.length === 0) throw notFound(`repository ${familiarName(ref)} has no tags`);
  return tags.map((t) => ({ ...ref, tag: t }));
}

function denied(ref: Reference): DockerError {
  return notFound(
    `pull access denied for ${
      familiarName(ref)
    }, repository does not exist or may require 'docker login': denied: requested access to the resource is denied`,
  );
}

async function standInPull(store: ImageStore, ref: Reference, ctx: PullSources) {
  const repository = familiarName(ref);
  const tag = ref.tag ?? "latest";
  if (ref.digest || !ctx.standIns?.tags(repository)?.includes(tag)) return undefined;
  checkCataloguePlatform(ctx.platform);
  const record = await ctx.standIns.find(repository, tag);
  if (!record) return undefined;
  const existed = store.find(record.id)?.repoTags.includes(`${repository}:${tag}`) ?? false;
  const stored = store.add(record);
  // The pull is acknowledged by its last lines: they come once the image is durable.
  await store.save();
  const layerId = record.layers[0].diffId.slice(7, 19);
  const messages = [
    { status: `Pulling from library/${repository}`, id: tag },
    ...(existed ? [] : [
      { status: "Pulling fs layer", progressDetail: {}, id: layerId },
      { status: "Download complete", progressDetail: {}, id: layerId },
      { status: "Pull complete", progressDetail: {}, id: layerId },
    ]),
    { status: `Digest: ${record.id}` },
    {
      status: existed
        ? `Status: Image is up to date for ${repository}:${tag}`
        : `Status: Downloaded newer image for ${repository}:${tag}`,
    },
  ];
  for (const m of messages) ctx.onProgress(m);
  return stored;
}

/** Pulls `ref` into the store, reporting Docker's progress messages as they happen. */
export async function pullInto(
  store: ImageStore,
  files: LayerFiles,
  ref: Reference,
  ctx: PullSources,
): Promise<ImageRecord> {
  return await files.writing(() => pullFrom(store, files, ref, ctx));
}

async function pullFrom(
  store: ImageStore,
  files: LayerFiles,
  ref: Reference,
  ctx: PullSources,
): Promise<ImageRecord> {
  if (ref.domain !== DEFAULT_DOMAIN) return await registryPull(store, files, ref, ctx);
  const standIn = await standInPull(store, ref, ctx);
  if (standIn) return standIn;
  let started = false;
  try {
    return await registryPull(store, files, ref, {
      ...ctx,
      onProgress: (m) => {
        started = true;
        ctx.onProgress(m);
      },
    });
  } catch (err) {
    if (started) throw err;
    throw denied(ref);
  }
}
