/**
 * @module
 * Images on disk under the data root:
 * - `layers/<hex>.tar`: layer tars by `diff_id` (layer_files.ts writes them);
 * - `images/db/<hex>.json`: one record per image id (its config bytes, layers, history…), never
 *   rewritten since an id is the digest of the config;
 * - `images/repositories.json`: the index — which images exist, their tags and digests, and
 *   the build cache. It is written last, so it is the commit point of every image operation: a
 *   record or a tar that no indexed image uses is the leftover of an operation a crash cut
 *   short, and start deletes it. Saves run one at a time; callers that arrive while one runs
 *   share the next.
 */

import {
  CoalescedSync,
  ObjectStore,
  readJsonChecked,
  syncDir,
  writeJsonAtomic,
} from "../state/mod.ts";
import { hexOf, LayerFiles } from "./layer_files.ts";
import { type IndexEntry, restoreImage, type StoredImage, storedImage } from "./stored_image.ts";

export type { IndexEntry } from "./stored_image.ts";
import type { StandInSource } from "./stand_ins.ts";
import { type ImageRecord, type ImageSaver, ImageStore } from "./store.ts";

/** `repositories.json`. */
export interface ImageIndex {
  images: Record<string, IndexEntry>;
  buildCache: Record<string, string>;
}

/** The images folder of a data root. */
export class ImageDisk implements ImageSaver {
  readonly records: ObjectStore<StoredImage>;
  readonly indexPath: string;
  /** Ids whose record is on disk → their layers' diff_ids. */
  readonly #stored = new Map<string, string[]>();
  /** Layer tars that may have lost their last user. */
  readonly #garbage = new Set<string>();
  #store?: ImageStore;
  readonly #sync = new CoalescedSync(() => this.#run());

  constructor(
    readonly dir: string,
    readonly files: LayerFiles,
    readonly standIns?: StandInSource,
  ) {
    this.records = new ObjectStore<StoredImage>(`${dir}/db`);
    this.indexPath = `${dir}/repositories.json`;
  }

  /** Saves the store: new records, then the index, then deletes what nothing uses. */
  save(store: ImageStore): Promise<void> {
    this.#store = store;
    return this.#sync.request();
  }

  async #run(): Promise<void> {
    const store = this.#store!;
    const live = [...store.values()].filter((img) => !store.isPending(img.id));
    const retired = [...store.retired()];
    const saved = [...live, ...retired];
    const ids = new Set(saved.map((img) => img.id));
    const added = saved.filter((img) => !this.#stored.has(img.id));
    if (added.length > 0) {
      // Tars were renamed into place; their names must be durable before a record uses them.
      await syncDir((await this.files.dirs()).layers);
      await Promise.all(added.map((img) => this.records.put(img.id, storedImage(img))));
      for (const img of added) this.#stored.set(img.id, img.layers.map((l) => l.diffId));
    }
    await writeJsonAtomic(this.indexPath, indexOf(live, retired, ids, store.buildCache));
    // Records of images gone from the saved index; one re-added since is put again next save.
    for (const [id, layers] of [...this.#stored].filter(([id]) => !ids.has(id))) {
      for (const diffId of layers) this.#garbage.add(diffId);
      this.#stored.delete(id);
      await this.records.remove(id);
    }
    await this.#collect(store);
  }

  /** Deletes unused layer tars, unless an operation is writing tars right now. */
  async #collect(store: ImageStore): Promise<void> {
    if (this.#garbage.size === 0 || this.files.busy) return;
    const used = new Set(
      [...store.values(), ...store.retired()].flatMap((img) => img.layers.map((l) => l.diffId)),
    );
    let removed = false;
    for (const diffId of [...this.#garbage]) {
      this.#garbage.delete(diffId);
      if (used.has(diffId)) continue;
      await Deno.remove(await this.files.path(diffId)).then(() => removed = true, (err) => {
        if (!(err instanceof Deno.errors.NotFound)) throw err;
      });
    }
    // One sync of the layers folder makes every removal durable, rather than one per tar.
    if (removed) await syncDir((await this.files.dirs()).layers);
  }

  /**
   * Loads the saved images and build cache, deleting what no indexed image uses: records and
   * tars of operations cut short, and images whose record or tars are missing or damaged.
   */
  async load(store: ImageStore): Promise<void> {
    this.#store = store;
    const present = await Deno.lstat(this.indexPath).then(() => true, () => false);
    const [read, records, tars] = await Promise.all([
      readJsonChecked<ImageIndex>(this.indexPath),
      this.records.loadAll(),
      this.#layerNames(),
    ]);
    const index = read ?? salvage(this.indexPath, present, records);
    const images: ImageRecord[] = [];
    const retired = new Set<string>();
    const dirs = await this.files.dirs();
    for (const [id, entry] of Object.entries(index.images)) {
      const record = records.get(id);
      const missing = record?.layers.find((l) => !l.catalogue && !tars.has(hexOf(l.diffId)));
      if (!record || missing) {
        console.error(
          `sockerless: image ${id} is incomplete on disk (${
            record ? `layer ${missing!.diffId} is missing` : "no record"
          }); dropped`,
        );
        continue;
      }
      images.push(restoreImage(record, entry, dirs.layers, this.standIns));
      if (entry.retired) retired.add(id);
      this.#stored.set(id, record.layers.map((l) => l.diffId));
    }
    const used = new Set(images.flatMap((img) => img.layers.map((l) => hexOf(l.diffId))));
    const layersDir = dirs.layers;
    await Promise.all([
      ...[...records.keys()].filter((id) => !this.#stored.has(id)).map((id) =>
        this.records.remove(id)
      ),
      ...[...tars].filter((hex) => !used.has(hex)).map((hex) =>
        Deno.remove(`${layersDir}/${hex}.tar`).catch(() => {})
      ),
    ]);
    for (const img of images) {
      store.add(img);
      if (retired.has(img.id)) store.retire(img);
    }
    for (const [key, id] of Object.entries(index.buildCache)) {
      if (this.#stored.has(id)) store.buildCache.set(key, id);
    }
    store.saver = this;
    // A fresh root gets its (empty) index at once: from then on, a missing index means damage.
    if (!read) await this.save(store);
  }

  async #layerNames(): Promise<Set<string>> {
    const dir = (await this.files.dirs()).layers;
    const names = new Set<string>();
    for await (const entry of Deno.readDir(dir)) {
      if (entry.isFile && entry.name.endsWith(".tar")) names.add(entry.name.slice(0, -4));
      else if (entry.isFile) await Deno.remove(`${dir}/${entry.name}`).catch(() => {});
    }
    return names;
  }
}

/**
 * The index to use when `repositories.json` cannot be read. A fresh root has none and no
 * records. Otherwise the index was damaged (a disk that lied about a flush, a hand edit): rather
 * than take every image for a leftover and delete it, the complete records are kept as untagged
 * images.
 */
function salvage(
  path: string,
  present: boolean,
  records: Map<string, StoredImage>,
): ImageIndex {
  const index: ImageIndex = { images: {}, buildCache: {} };
  if (!present && records.size === 0) return index;
  console.error(
    `sockerless: ${path} is ${present ? "damaged" : "missing"}; keeping ${records.size} images ` +
      "untagged",
  );
  for (const id of records.keys()) index.images[id] = { repoTags: [], repoDigests: [] };
  return index;
}

function indexOf(
  images: ImageRecord[],
  retired: ImageRecord[],
  ids: Set<string>,
  buildCache: Map<string, string>,
): ImageIndex {
  const index: ImageIndex = { images: {}, buildCache: {} };
  for (const img of retired) {
    index.images[img.id] = { repoTags: [], repoDigests: [], retired: true };
  }
  for (const img of images) {
    index.images[img.id] = {
      repoTags: img.repoTags,
      repoDigests: img.repoDigests,
      ...(img.lastTagTime ? { lastTagTime: img.lastTagTime } : {}),
    };
  }
  for (const [key, id] of buildCache) if (ids.has(id)) index.buildCache[key] = id;
  return index;
}

/** The image store of a daemon: loaded from the data root's `images/` and `layers/` folders. */
export async function openImageStore(
  root?: { dir(kind: string): string; tmp: string },
  standIns?: StandInSource,
): Promise<{ store: ImageStore; files: LayerFiles }> {
  const store = new ImageStore();
  if (!root) return { store, files: new LayerFiles() };
  const files = new LayerFiles({ layers: root.dir("layers"), tmp: root.tmp });
  await new ImageDisk(root.dir("images"), files, standIns).load(store);
  return { store, files };
}
