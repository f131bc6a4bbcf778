/**
 * @module
 * A sandbox image layer as a tar (a generated catalogue image pushed or saved): entries in path order with
 * fixed timestamps, so the same layer always gives the same bytes and `diff_id`.
 */

import { createTarPacker } from "modern-tar";
import type { ImageLayer } from "../fs/image_layer.ts";

const EPOCH = new Date(0);

/** Streams the layer's files, directories and symlinks as a tar. */
export function layerTar(layer: ImageLayer): ReadableStream<Uint8Array> {
  const { readable, controller } = createTarPacker();
  (async () => {
    for (const path of [...layer.paths()].filter((p) => p !== "/").sort()) {
      const node = layer.get(path);
      if (!node || node.device) continue;
      const name = path.slice(1);
      const base = { mode: node.mode & 0o7777, mtime: EPOCH, uid: node.uid, gid: node.gid };
      const data = node.kind === "file" ? node.data ?? new Uint8Array(0) : undefined;
      const header = node.kind === "directory"
        ? { ...base, name: `${name}/`, type: "directory" as const, size: 0 }
        : node.kind === "symlink"
        ? { ...base, name, type: "symlink" as const, size: 0, linkname: node.target ?? "" }
        : { ...base, name, type: "file" as const, size: data!.byteLength };
      const writer = controller.add(header).getWriter();
      if (data?.byteLength) await writer.write(data);
      await writer.close();
    }
  })().then(() => controller.finalize(), (err) => controller.error(err));
  return readable;
}

/** The tar's `sha256:` digest and size. */
export async function layerTarDigest(layer: ImageLayer): Promise<{ digest: string; size: number }> {
  const bytes = new Uint8Array(await new Response(layerTar(layer)).arrayBuffer());
  const hash = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  const hex = Array.from(hash, (b) => b.toString(16).padStart(2, "0")).join("");
  return { digest: `sha256:${hex}`, size: bytes.byteLength };
}
