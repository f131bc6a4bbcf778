/**
 * @module
 * An image's files as a COPY source tree (`COPY --from`), read from its layer tars in order:
 * later layers replace earlier entries, and OCI whiteouts (`.wh.<name>`, `.wh..wh..opq`) remove
 * them, as a runtime unpacking the layers would.
 */

import { createTarDecoder } from "modern-tar";
import type { LayerSource } from "../images/store.ts";
import type { ContextEntry } from "./context.ts";
import type { SourceTree } from "./copy.ts";

function clean(name: string): string {
  const parts: string[] = [];
  for (const part of name.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") parts.pop();
    else parts.push(part);
  }
  return parts.join("/");
}

/** Removes `path` and everything under it (or only what is under it, with `contentsOnly`). */
function remove(tree: Map<string, ContextEntry>, path: string, contentsOnly = false): void {
  const prefix = path === "" ? "" : `${path}/`;
  if (!contentsOnly) tree.delete(path);
  for (const key of [...tree.keys()]) if (key.startsWith(prefix)) tree.delete(key);
}

/** Applies one layer tar to `tree`. */
async function apply(tree: Map<string, ContextEntry>, tar: ReadableStream<Uint8Array>) {
  for await (const entry of tar.pipeThrough(createTarDecoder())) {
    const h = entry.header;
    const path = clean(h.name);
    const slash = path.lastIndexOf("/");
    const dir = slash < 0 ? "" : path.slice(0, slash);
    const leaf = path.slice(slash + 1);
    const mode = (h.mode ?? 0o644) & 0o7777;
    if (leaf === ".wh..wh..opq") remove(tree, dir, true);
    else if (leaf.startsWith(".wh.")) remove(tree, `${dir ? `${dir}/` : ""}${leaf.slice(4)}`);
    if (leaf.startsWith(".wh.") || path === "") {
      await entry.body.cancel();
      continue;
    }
    const empty = new Uint8Array(0);
    if (h.type === "directory") {
      await entry.body.cancel();
      if (tree.get(path)?.kind !== "directory") remove(tree, path);
      tree.set(path, { kind: "directory", mode, data: empty });
    } else if (h.type === "symlink") {
      await entry.body.cancel();
      tree.set(path, { kind: "symlink", mode, data: empty, linkname: h.linkname ?? "" });
    } else if (h.type === "link") {
      await entry.body.cancel();
      const target = tree.get(clean(h.linkname ?? ""));
      if (target) tree.set(path, target);
    } else if (h.type === "file" || h.type === undefined) {
      tree.set(path, {
        kind: "file",
        mode,
        data: new Uint8Array(await new Response(entry.body).arrayBuffer()),
      });
    } else {
      await entry.body.cancel();
    }
  }
}

/** The files of an image's layers, by path without a leading slash. */
export async function layerTree(layers: readonly LayerSource[]): Promise<SourceTree> {
  const tree = new Map<string, ContextEntry>();
  for (const layer of layers) await apply(tree, layer.open());
  return tree;
}
