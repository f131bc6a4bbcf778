/**
 * @module
 * Image operations that move whole images: `docker commit` of a container holding an
 * acknowledged file, `docker load` of a hand-made docker-archive with a one-file layer,
 * `docker import` of a one-file tarball, and
 * `docker push` of a pulled image back to the local registry (which must change nothing local).
 */

import { packTar } from "modern-tar";
import type { ImageFact } from "./_model.ts";
import { docker, type OpContext, viaCli } from "./_context.ts";

async function sha256Hex(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const hash = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return Array.from(hash, (b) => b.toString(16).padStart(2, "0")).join("");
}

async function inspectInto(ctx: OpContext, fact: ImageFact): Promise<void> {
  fact.exists = "yes";
  const image = await ctx.api.json<{ Id: string }>("GET", `/images/${fact.ref}/json`);
  fact.id = image.Id;
}

/** `docker commit` of a container with an acknowledged file: the image's layers hold it. */
export async function commitContainer(ctx: OpContext): Promise<boolean | void> {
  const candidates = [...ctx.w.containers.values()].filter((c) =>
    c.exists === "yes" && c.status !== "unknown" && [...c.files.values()].some((f) => f.sure)
  );
  if (!candidates.length) return false;
  const c = ctx.rng.pick(candidates);
  const [path, file] = ctx.rng.pick([...c.files.entries()].filter(([, f]) => f.sure));
  const fact: ImageFact = {
    ref: ctx.w.name("m"),
    exists: "maybe",
    marker: { path: path.slice(1), content: file.content },
  };
  ctx.w.images.set(fact.ref, fact);
  if (viaCli(ctx)) await docker(ctx, "commit", c.name, fact.ref);
  else {
    await ctx.api.send("POST", `/commit?container=${c.id ?? c.name}&repo=${fact.ref}&tag=latest`);
  }
  await inspectInto(ctx, fact);
}

/** `docker load` of a docker-archive holding one new image with a one-file layer. */
export async function loadImage(ctx: OpContext): Promise<boolean | void> {
  const tok = ctx.rng.token();
  const ref = ctx.w.name("l");
  const layer = await packTar([{
    header: { name: "loaded.txt", size: tok.length + 1, type: "file" },
    body: `${tok}\n`,
  }]);
  const diffId = `sha256:${await sha256Hex(layer)}`;
  const config = new TextEncoder().encode(JSON.stringify({
    architecture: "amd64",
    os: "linux",
    config: { Cmd: ["sh"], Labels: { token: tok } },
    rootfs: { type: "layers", diff_ids: [diffId] },
  }));
  const configName = `${await sha256Hex(config)}.json`;
  const layerName = `${diffId.slice(7)}/layer.tar`;
  const manifest = [{ Config: configName, RepoTags: [`${ref}:latest`], Layers: [layerName] }];
  const file = (name: string, body: Uint8Array | string) => ({
    header: {
      name,
      size: typeof body === "string" ? new TextEncoder().encode(body).byteLength : body.byteLength,
      type: "file" as const,
    },
    body,
  });
  const archive = await packTar([
    file(configName, config),
    file(layerName, layer),
    file("manifest.json", JSON.stringify(manifest)),
  ]);
  const fact: ImageFact = {
    ref,
    exists: "maybe",
    diffIds: [diffId],
    marker: { path: "loaded.txt", content: `${tok}\n` },
  };
  ctx.w.images.set(ref, fact);
  if (viaCli(ctx)) {
    const local = `${ctx.scratch}/${ref}.tar`;
    await Deno.writeFile(local, archive);
    await docker(ctx, "load", "-q", "-i", local);
  } else {
    await ctx.api.progress("POST", "/images/load?quiet=1", archive);
  }
  await inspectInto(ctx, fact);
}

/** `docker import` of a filesystem tarball with one file: a one-layer image holding it. */
export async function importImage(ctx: OpContext): Promise<boolean | void> {
  const tok = ctx.rng.token();
  const tar = await packTar([{
    header: { name: "imported.txt", size: tok.length + 1, type: "file" },
    body: `${tok}\n`,
  }]);
  const fact: ImageFact = {
    ref: ctx.w.name("i"),
    exists: "maybe",
    marker: { path: "imported.txt", content: `${tok}\n` },
  };
  ctx.w.images.set(fact.ref, fact);
  if (viaCli(ctx)) {
    const local = `${ctx.scratch}/${fact.ref}.tar`;
    await Deno.writeFile(local, tar);
    await docker(ctx, "import", local, fact.ref);
  } else {
    await ctx.api.progress("POST", `/images/create?fromSrc=-&repo=${fact.ref}&tag=latest`, tar);
  }
  await inspectInto(ctx, fact);
}

/** `docker push` of a pulled image to the registry it came from: nothing local may change. */
export async function pushImage(ctx: OpContext): Promise<boolean | void> {
  const pulled = [...ctx.w.images.values()].filter((i) =>
    i.exists === "yes" && i.ref.startsWith(ctx.fixtures.registry.domain)
  );
  if (!pulled.length) return false;
  await docker(ctx, "push", "-q", ctx.rng.pick(pulled).ref);
}
