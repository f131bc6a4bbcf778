/**
 * @module
 * Image operations of the chaos workload: pulls from the local registry, builds, tags and
 * removals, through the docker CLI or the raw API. A pulled image's layers are known from the
 * fixture; a built image carries a marker file with a token.
 */

import { makeTar } from "../_helpers/tar.ts";
import type { ImageFact } from "./_model.ts";
import { docker, type OpContext, viaCli } from "./_context.ts";

interface Inspected {
  Id: string;
  RootFS: { Layers: string[] };
}

function existing(ctx: OpContext): ImageFact[] {
  return [...ctx.w.images.values()].filter((i) => i.exists === "yes");
}

/** Records the acknowledged image's id, and checks the layers the daemon reports. */
async function settle(ctx: OpContext, fact: ImageFact): Promise<boolean | void> {
  fact.exists = "yes";
  const image = await ctx.api.json<Inspected>("GET", `/images/${fact.ref}/json`);
  fact.id = image.Id;
  if (fact.diffIds && image.RootFS.Layers.join() !== fact.diffIds.join()) {
    ctx.complain(`${fact.ref}: pulled layers ${image.RootFS.Layers}, pushed ${fact.diffIds}`);
  }
}

/** `docker pull` of one of the worker's registry images. */
export async function pullImage(ctx: OpContext): Promise<boolean | void> {
  const source = ctx.rng.pick(ctx.fixtures.images[ctx.w.index]);
  let fact = ctx.w.images.get(source.ref);
  // A reference pulled again after its rmi may exist again.
  ctx.model.gone.images.delete(source.ref);
  if (!fact) {
    fact = { ref: source.ref, exists: "maybe", diffIds: source.diffIds };
    ctx.w.images.set(source.ref, fact);
  }
  if (viaCli(ctx)) {
    await docker(ctx, "pull", "-q", source.ref);
  } else {
    const at = source.ref.lastIndexOf(":");
    const repo = encodeURIComponent(source.ref.slice(0, at));
    await ctx.api.progress(
      "POST",
      `/images/create?fromImage=${repo}&tag=${source.ref.slice(at + 1)}`,
    );
  }
  await settle(ctx, fact);
}

/** `docker build` of `FROM alpine` with a RUN writing a marker token and a COPY. */
export async function buildImage(ctx: OpContext): Promise<boolean | void> {
  const fact: ImageFact = { ref: ctx.w.name("b"), exists: "maybe" };
  const tok = ctx.rng.token();
  fact.marker = { path: "marker", content: `${tok}\n` };
  ctx.w.images.set(fact.ref, fact);
  const files = {
    Dockerfile: `FROM alpine\nRUN echo ${tok} > /marker\nCOPY f.txt /f.txt\n`,
    "f.txt": `context ${tok}\n`,
  };
  if (viaCli(ctx)) {
    const dir = `${ctx.scratch}/${fact.ref}`;
    await Deno.mkdir(dir);
    for (const [name, body] of Object.entries(files)) {
      await Deno.writeTextFile(`${dir}/${name}`, body);
    }
    await docker(ctx, "build", "-q", "-t", fact.ref, dir);
  } else {
    const tar = makeTar(Object.entries(files).map(([name, body]) => ({ name, body })));
    await ctx.api.progress("POST", `/build?t=${fact.ref}&q=1`, tar);
  }
  await settle(ctx, fact);
}

/** `docker tag` of an image of the worker under a new name. */
export async function tagImage(ctx: OpContext): Promise<boolean | void> {
  const images = existing(ctx);
  if (!images.length) return false;
  const source = ctx.rng.pick(images);
  const fact: ImageFact = { ...source, ref: ctx.w.name("t"), exists: "maybe" };
  ctx.w.images.set(fact.ref, fact);
  if (viaCli(ctx)) await docker(ctx, "tag", source.ref, fact.ref);
  else await ctx.api.send("POST", `/images/${source.ref}/tag?repo=${fact.ref}&tag=latest`);
  await settle(ctx, fact);
  if (source.id && fact.id !== source.id) {
    ctx.complain(`${fact.ref}: tagged from ${source.ref} (${source.id}) but is ${fact.id}`);
  }
}

/** `docker rmi` of a reference: once answered, the reference must never resolve again. */
export async function removeImage(ctx: OpContext): Promise<boolean | void> {
  const images = existing(ctx);
  if (!images.length) return false;
  const fact = ctx.rng.pick(images);
  fact.exists = "maybe";
  if (viaCli(ctx)) await docker(ctx, "rmi", fact.ref);
  else await ctx.api.send("DELETE", `/images/${fact.ref}`);
  ctx.w.images.delete(fact.ref);
  ctx.model.gone.images.add(fact.ref);
}
