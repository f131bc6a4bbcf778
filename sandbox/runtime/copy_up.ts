/**
 * @module
 * dockerd's copy-up: an empty volume mounted over a path the image has content at gets a copy of
 * that content (files, directories, symlinks), unless the mount says `nocopy`.
 */

import type { SandboxContainer } from "../container.ts";

type Layer = SandboxContainer["layer"];

async function isEmpty(dir: string): Promise<boolean> {
  for await (const _ of Deno.readDir(dir)) return false;
  return true;
}

async function copyTree(layer: Layer, from: string, to: string): Promise<void> {
  for (const entry of await layer.readdirWithFileTypes(from)) {
    const src = `${from === "/" ? "" : from}/${entry.name}`;
    const dest = `${to}/${entry.name}`;
    if (entry.isDirectory) {
      await Deno.mkdir(dest, { recursive: true });
      await copyTree(layer, src, dest);
    } else if (entry.isSymbolicLink) {
      await Deno.symlink(await layer.readlink(src), dest).catch(() => {});
    } else if (entry.isFile) {
      await Deno.writeFile(dest, await layer.readFileBuffer(src));
    }
  }
}

/** Copies the image's content at `target` into the volume directory `dir` when it is empty. */
export async function copyUp(layer: Layer, target: string, dir: string): Promise<void> {
  const node = layer.node(target, true);
  if (node?.kind !== "directory" || !(await isEmpty(dir))) return;
  await copyTree(layer, target, dir);
}
