/**
 * @module
 * Where image layers' tars live: one file per `diff_id` (`<layers>/<hex>.tar`), written while
 * the layer is unpacked (never buffered whole). A tar is first written to the data root's
 * scratch folder, fsynced, and renamed into place only once it is complete and verified, so a
 * crash mid-pull leaves at most a scratch file, which the next start deletes. Without a data root
 * (in-process tests) both folders are per-daemon temporary folders.
 */

import { lazyStream } from "../../../sandbox/oci/mod.ts";
import type { LayerSource } from "./store.ts";

/** The folders of layer tars and of tars being written. */
export interface LayerDirs {
  layers: string;
  tmp: string;
}

/** The layer tars of a daemon. */
export class LayerFiles {
  #dirs: Promise<LayerDirs> | undefined;
  #busy = 0;

  constructor(dirs?: LayerDirs) {
    if (dirs) this.#dirs = Promise.resolve(dirs);
  }

  /** The folders, created on first use when no data root gave them. */
  dirs(): Promise<LayerDirs> {
    return this.#dirs ??= Deno.makeTempDir({ prefix: "sockerless-layers-" }).then((dir) => ({
      layers: dir,
      tmp: dir,
    }));
  }

  /** The tar file of a `diff_id`. */
  async path(diffId: string): Promise<string> {
    return `${(await this.dirs()).layers}/${hexOf(diffId)}.tar`;
  }

  /** A layer source reading the stored tar of `diffId`. */
  async source(diffId: string, size: number): Promise<LayerSource> {
    const path = await this.path(diffId);
    return { diffId, size, open: () => lazyFile(path) };
  }

  /** Starts saving a tar; `commit(diffId)` moves it into place under its name. */
  async saveTar(): Promise<SavedTar> {
    const partial = `${(await this.dirs()).tmp}/layer-${crypto.randomUUID()}.partial`;
    return saveTar(partial, (diffId) => this.path(diffId));
  }

  /**
   * Runs `work` (an operation that writes layer tars) while marking the files busy: unused
   * tars are only deleted when no such operation runs, so a tar that was just renamed into place
   * for an image not yet in the store is never taken for garbage. Given `store`, saves it
   * before answering (still marked busy), so the operation's images are durable when it answers.
   */
  async writing<T>(work: () => Promise<T>, store?: { save(): Promise<void> }): Promise<T> {
    this.#busy++;
    try {
      const result = await work();
      await store?.save();
      return result;
    } finally {
      this.#busy--;
    }
  }

  /** True while an operation writes layer tars. */
  get busy(): boolean {
    return this.#busy > 0;
  }
}

/** The hex part of a `sha256:` digest. */
export function hexOf(digest: string): string {
  return digest.replace(/^sha256:/, "");
}

/** A tar being saved: written by the stream `tee` returns, moved in place by `commit`. */
export interface SavedTar {
  /** Passes the tar through, appending every chunk to a temporary file. */
  tee: TransformStream<Uint8Array, Uint8Array>;
  /** Bytes written so far. */
  size(): number;
  /** Makes the complete file durable and moves it to the tar of `diffId`. */
  commit(diffId: string): Promise<void>;
  /** Closes and deletes the temporary file. */
  discard(): Promise<void>;
}

function saveTar(partial: string, target: (diffId: string) => Promise<string>): SavedTar {
  let file: Deno.FsFile | undefined;
  let written = 0;
  const tee = new TransformStream<Uint8Array, Uint8Array>({
    async transform(chunk, controller) {
      file ??= await Deno.open(partial, { write: true, create: true, truncate: true });
      for (let off = 0; off < chunk.byteLength;) off += await file.write(chunk.subarray(off));
      written += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
  function close() {
    try {
      file?.close();
    } catch { /* closed */ }
    file = undefined;
  }
  return {
    tee,
    size: () => written,
    async commit(diffId) {
      file ??= await Deno.open(partial, { write: true, create: true, truncate: true });
      // The rename must not become durable before the bytes: a crash would leave a torn tar
      // under a verified name. The folder itself is synced once per save of the image index.
      await file.sync();
      close();
      await Deno.rename(partial, await target(diffId));
    },
    async discard() {
      close();
      await Deno.remove(partial).catch(() => {});
    },
  };
}

/** Opens a file as a stream on first read. */
export function lazyFile(path: string): ReadableStream<Uint8Array> {
  return lazyStream(async () => (await Deno.open(path)).readable);
}
