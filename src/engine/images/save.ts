/**
 * @module
 * `docker save`: images as a docker-archive tar (`manifest.json`, `repositories`, one
 * `<id>.json` config per image and one `<diff_id>/layer.tar` per layer), streamed layer by layer.
 */

import { createTarPacker } from "modern-tar";
import type { ImageRecord } from "./store.ts";

const hex = (digest: string) => digest.replace(/^sha256:/, "");
const EPOCH = new Date(0);

/** Streams the archive of `images`, each with the tags to record for it. */
export function saveArchive(
  images: { image: ImageRecord; tags: string[] }[],
): ReadableStream<Uint8Array> {
  const { readable, controller } = createTarPacker();
  const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
  async function file(name: string, size: number, body: ReadableStream<Uint8Array> | Uint8Array) {
    const writer = controller.add({ name, type: "file", size, mode: 0o644, mtime: EPOCH })
      .getWriter();
    if (body instanceof Uint8Array) {
      if (body.byteLength) await writer.write(body);
    } else {
      for await (const chunk of body) await writer.write(chunk);
    }
    await writer.close();
  }
  (async () => {
    const written = new Set<string>();
    const manifest = [];
    const repositories: Record<string, Record<string, string>> = {};
    for (const { image, tags } of images) {
      const config = `${hex(image.id)}.json`;
      const layers = image.layers.map((l) => `${hex(l.diffId)}/layer.tar`);
      if (!written.has(image.id)) {
        written.add(image.id);
        await file(config, image.configBytes.byteLength, image.configBytes);
        for (const [i, layer] of image.layers.entries()) {
          if (written.has(layers[i])) continue;
          written.add(layers[i]);
          await file(layers[i], layer.size, layer.open());
        }
      }
      manifest.push({ Config: config, RepoTags: tags.length ? tags : null, Layers: layers });
      for (const tag of tags) {
        const at = tag.lastIndexOf(":");
        (repositories[tag.slice(0, at)] ??= {})[tag.slice(at + 1)] = hex(image.id);
      }
    }
    const manifestBytes = encode(manifest);
    await file("manifest.json", manifestBytes.byteLength, manifestBytes);
    // dockerd leaves the legacy `repositories` file out when no name was saved.
    if (Object.keys(repositories).length > 0) {
      const repositoriesBytes = encode(repositories);
      await file("repositories", repositoriesBytes.byteLength, repositoriesBytes);
    }
  })().then(() => controller.finalize(), (err) => controller.error(err));
  return readable;
}
