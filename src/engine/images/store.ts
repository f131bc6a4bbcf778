/**
 * @module
 * The engine's images: a config, tags and layer tars each (an unpacked form of a layer is the
 * runtime's, told which chains are still used after removals). With a data root every change is saved by
 * `save()` (image_disk.ts) before the operation answers; images added under a transaction (a
 * build's steps) are saved only when it ends, so a build cut short by a crash leaves nothing.
 */

import { notFound } from "../errors.ts";
import { parseShortReference, type ShortReference, tagged } from "./reference.ts";

/** The run configuration an image gives its containers (the API's ImageConfig subset used). */
export interface ImageRunConfig {
  Env: string[];
  Cmd: string[] | null;
  Entrypoint: string[] | null;
  WorkingDir: string;
  User: string;
  Labels: Record<string, string>;
  ExposedPorts?: Record<string, Record<string, never>>;
  Volumes?: Record<string, Record<string, never>>;
  StopSignal?: string;
  Healthcheck?: Record<string, unknown>;
  Shell?: string[];
  OnBuild?: string[];
}

/** One layer of an image as a tar, for push, history and the runtime's rootfs. */
export interface LayerSource {
  /** `sha256:<hex>` of the uncompressed tar (the config's `rootfs.diff_ids` entry). */
  diffId: string;
  /** Size of the tar in bytes. */
  size: number;
  /** Opens the tar from its start. */
  open(): ReadableStream<Uint8Array>;
  /** Set when the layer is a stand-in image's generated filesystem (no tar on disk). */
  catalogue?: string;
}

/** One image. */
export interface ImageRecord {
  /** `sha256:<hex>` of the image config. */
  id: string;
  repoTags: string[];
  repoDigests: string[];
  created: string;
  config: ImageRunConfig;
  size: number;
  architecture: string;
  os: string;
  /** The image config as stored in a registry; `id` is its digest. */
  configBytes: Uint8Array;
  /** The layers, lowest first (their tars, for push). */
  layers: LayerSource[];
  /** The config's `history`, for `docker history`. */
  history: Record<string, unknown>[];
  /** The image this one was committed from. */
  parent?: string;
  comment?: string;
  author?: string;
  /** When a tag was last added. */
  lastTagTime?: string;
}

/** Saves the store (image_disk.ts); absent without a data root. */
export interface ImageSaver {
  save(store: ImageStore): Promise<void>;
}

/** Images added by an operation that saves them only when it ends. */
export interface ImageTxn {
  readonly ids: Set<string>;
  /** Saves the transaction's images (the store keeps them either way); once is enough. */
  commit(): Promise<void>;
}

/** What `add` may be told. */
export interface AddOptions {
  txn?: ImageTxn;
}

/** Told the layer chains (`diffId`s, lowest first) of the images kept, after removals. */
export type ChainsListener = (chains: string[][]) => void;

/** The store of images. */
export class ImageStore {
  readonly #images = new Map<string, ImageRecord>();
  readonly #pending = new Set<ImageTxn>();
  /**
   * Images deleted (`rmi -f`) while stopped containers use them: hidden from every lookup but
   * `forContainer`, and kept (with their layers, on disk too) for those containers' files and
   * commits, as dockerd keeps their layers; dropped at the first save after their last user.
   */
  readonly #retired = new Map<string, ImageRecord>();
  readonly #chainsListeners: ChainsListener[] = [];
  /** How many containers use an image (the image service sets it). */
  usersOf: (id: string) => number = () => 0;
  /** The build cache: step key → image id. */
  readonly buildCache = new Map<string, string>();
  saver?: ImageSaver;

  /** Calls `listener` with the layer chains still used whenever images may have gone. */
  watchChains(listener: ChainsListener): void {
    this.#chainsListeners.push(listener);
  }

  #chainsChanged(): void {
    if (this.#chainsListeners.length === 0) return;
    const chains = [...this.#images.values(), ...this.#retired.values()].map((i) =>
      i.layers.map((l) => l.diffId)
    );
    for (const listener of this.#chainsListeners) listener(chains);
  }

  /** Whether an image belongs to a transaction not yet committed (so it is not saved yet). */
  isPending(id: string): boolean {
    for (const txn of this.#pending) if (txn.ids.has(id)) return true;
    return false;
  }

  /** Starts a transaction: images added under it are saved when it commits. */
  begin(): ImageTxn {
    let saved: Promise<void> | undefined;
    const txn: ImageTxn = {
      ids: new Set(),
      commit: () => {
        this.#pending.delete(txn);
        return saved ??= this.save();
      },
    };
    this.#pending.add(txn);
    return txn;
  }

  /** Makes every change so far durable (nothing to do without a data root). */
  save(): Promise<void> {
    for (const id of this.#retired.keys()) if (this.usersOf(id) === 0) this.#retired.delete(id);
    this.#chainsChanged();
    return this.saver?.save(this) ?? Promise.resolve();
  }

  /** Hides a deleted image that containers still use (see `#retired`). */
  retire(image: ImageRecord): void {
    this.#images.delete(image.id);
    this.#retired.set(image.id, image);
  }

  /** The image a container was created from, even if it was deleted since. */
  forContainer(id: string): ImageRecord | undefined {
    return this.#images.get(id) ?? this.#retired.get(id);
  }

  /** The retired images. */
  retired(): IterableIterator<ImageRecord> {
    return this.#retired.values();
  }

  /** Adds an image, moving its tags off any image that held them. */
  add(image: ImageRecord, options: AddOptions = {}): ImageRecord {
    if (options.txn && !this.#images.has(image.id)) options.txn.ids.add(image.id);
    this.#retired.delete(image.id);
    const existing = this.#images.get(image.id);
    for (const tag of image.repoTags) this.#untagElsewhere(tag, image.id);
    if (existing) {
      existing.repoTags = [...new Set([...existing.repoTags, ...image.repoTags])];
      return existing;
    }
    this.#images.set(image.id, image);
    return image;
  }

  #untagElsewhere(tag: string, keepId: string): void {
    for (const img of this.#images.values()) {
      if (img.id !== keepId) img.repoTags = img.repoTags.filter((t) => t !== tag);
    }
  }

  /** The image for an id, id prefix, `repo:tag` or `repo` (`:latest`), or undefined. */
  find(ref: string): ImageRecord | undefined {
    const hex = ref.replace(/^sha256:/, "");
    if (/^[a-f0-9]{4,64}$/.test(hex)) {
      for (const img of this.#images.values()) if (img.id.slice(7).startsWith(hex)) return img;
    }
    let short: ShortReference;
    try {
      short = parseShortReference(ref);
    } catch {
      return undefined;
    }
    const tag = tagged(short);
    for (const img of this.#images.values()) if (img.repoTags.includes(tag)) return img;
    return undefined;
  }

  /** Like `find`, but missing is dockerd's 404 `No such image: <ref>`. */
  get(ref: string): ImageRecord {
    const img = this.find(ref);
    if (!img) {
      const short = (() => {
        try {
          return tagged(parseShortReference(ref));
        } catch {
          return ref;
        }
      })();
      throw notFound(`No such image: ${short}`);
    }
    return img;
  }

  /** Removes an image record (the runtime may drop the filesystems no image uses any more). */
  delete(id: string): void {
    this.#images.delete(id);
    this.#chainsChanged();
  }

  /** The image of an exact id. */
  byId(id: string): ImageRecord | undefined {
    return this.#images.get(id);
  }

  values(): IterableIterator<ImageRecord> {
    return this.#images.values();
  }

  get size(): number {
    return this.#images.size;
  }
}
