/**
 * @module
 * `POST /build` on the memory backend: reads the context, applies `.dockerignore`, parses the
 * Dockerfile (errors here come before any output, as a 400), runs it, and tags the result only
 * when every step succeeded.
 */

import type { BuildOptions } from "../backend.ts";
import { invalidParameter } from "../errors.ts";
import type { ImageRecord } from "../images/store.ts";
import { runBuild } from "./builder.ts";
import { type BuildContext, contextText, disposeContext, readContext } from "./context.ts";
import { parseDockerfile } from "./dockerfile.ts";
import { applyIgnore } from "./ignore.ts";
import type { BuildHost } from "./layer_step.ts";

export type { BuildHost } from "./layer_step.ts";

/** Builds an image; `tag` names it once built. Answers the image. */
export async function buildImage(
  host: Omit<BuildHost, "say" | "nocache">,
  contextStream: ReadableStream<Uint8Array> | null,
  options: BuildOptions,
  baseImage: (ref: string) => Promise<ImageRecord>,
  tag: (image: ImageRecord, name: string) => Promise<string>,
): Promise<ImageRecord> {
  const context = await readContext(contextStream, (await host.files.dirs()).tmp);
  try {
    return await buildFromContext(context, host, options, baseImage, tag);
  } finally {
    await disposeContext(context);
  }
}

async function buildFromContext(
  context: BuildContext,
  host: Omit<BuildHost, "say" | "nocache">,
  options: BuildOptions,
  baseImage: (ref: string) => Promise<ImageRecord>,
  tag: (image: ImageRecord, name: string) => Promise<string>,
): Promise<ImageRecord> {
  const name = options.dockerfile || "Dockerfile";
  const text = contextText(context, name);
  if (text === undefined) {
    throw invalidParameter(
      `Cannot locate specified Dockerfile: ${name}`,
    );
  }
  const ignore = contextText(context, ".dockerignore");
  if (ignore !== undefined) applyIgnore(context, ignore, [name, ".dockerignore"]);
  const dockerfile = parseDockerfile(text);
  const say = (text: string) => {
    if (!options.quiet) options.onProgress({ stream: text });
  };
  const image = await runBuild({ ...host, say, nocache: options.nocache }, dockerfile, {
    context,
    buildArgs: options.buildArgs,
    target: options.target,
    labels: options.labels,
    baseImage,
  });
  // The build is acknowledged by the lines below: its images are durable first.
  await host.txn.commit();
  options.onProgress({ aux: { ID: image.id } });
  // Quiet, dockerd answers just the image id, which the CLI prints.
  if (options.quiet) options.onProgress({ stream: `${image.id}\n` });
  say(`Successfully built ${image.id.slice(7, 19)}\n`);
  for (const t of options.tags) say(`Successfully tagged ${await tag(image, t)}\n`);
  return image;
}
