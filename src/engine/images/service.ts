/**
 * @module
 * The Image capability of the engine: pull (the backend's stand-ins or a registry), push,
 * list, inspect, history, tag, remove, prune, commit, save, load and `docker login`. Every
 * change is saved (with a data root) before the operation answers.
 */

import type { BuildBackend, BuildOptions, ImageBackend, TransferOptions } from "../backend.ts";
import type { CommitBackend, CommitOptions } from "../containers/backend.ts";
import { buildImage } from "../build/mod.ts";
import { DockerError, invalidParameter, notImplemented } from "../errors.ts";
import type { EventBus } from "../events.ts";
import { familiarString, type RegistryAuth, verifyCredentials } from "../../../sandbox/oci/mod.ts";
import { historyView, imageSummary, inspectView } from "./views.ts";
import type { LayerFiles } from "./layer_files.ts";
import { filterImages, visibleDigests, visibleTags } from "./list.ts";
import { importImage, type ImportOptions } from "./import.ts";
import { loadArchive } from "./load.ts";
import { saveArchive } from "./save.ts";
import { commitContainer, type CommitSource } from "./commit.ts";
import { pullInto, pullReferences } from "./pull.ts";
import { pushTargets, pushTo } from "./push.ts";
import { parseShortReference, tagged, targetOf } from "./reference.ts";
import {
  type ImageUser,
  isIdReference,
  pruneImages,
  type RemoveContext,
  removeImage,
} from "./remove.ts";
import type { ImageRecord, ImageStore } from "./store.ts";
import { hasPlatform } from "./platform.ts";
import type { StandInSource } from "./stand_ins.ts";
import type { StepRunner } from "../build/step_runner.ts";

export { imageSummary } from "./views.ts";

/** What the images are made with. */
export interface ImageServiceParts {
  store: ImageStore;
  files: LayerFiles;
  events: EventBus;
  /** Runs the build's steps (in the runtime's containers). */
  steps: StepRunner;
  /** The containers that use an image. */
  usersOf?: (imageId: string) => ImageUser[];
  /** The container a commit names. */
  containerOf?: (ref: string) => CommitSource;
  /** Images for docker.io references no registry serves, if the backend has any. */
  standIns?: StandInSource;
}

/** Images of the engine. */
export class EngineImages implements ImageBackend, BuildBackend, CommitBackend {
  readonly #remover: RemoveContext;
  readonly store: ImageStore;
  readonly files: LayerFiles;
  readonly events: EventBus;
  readonly usersOf: (imageId: string) => ImageUser[];
  readonly containerOf?: (ref: string) => CommitSource;
  readonly #steps: StepRunner;
  readonly #standIns?: StandInSource;

  constructor(parts: ImageServiceParts) {
    const { store, usersOf = () => [] } = parts;
    this.store = store;
    this.files = parts.files;
    this.events = parts.events;
    this.usersOf = usersOf;
    this.containerOf = parts.containerOf;
    this.#steps = parts.steps;
    this.#standIns = parts.standIns;
    store.usersOf = (id) => usersOf(id).length;
    this.#remover = {
      store,
      usersOf,
      event: (action, image, name) => this.#event(action, image.id, name ?? image.id),
    };
  }

  #event(action: string, id: string, name: string): void {
    this.events.publish({ Type: "image", Action: action, id, attributes: { name } });
  }

  async pull(
    fromImage: string,
    tag: string | undefined,
    options: TransferOptions & { platform?: string; allTags?: boolean },
  ) {
    const sources = { ...options, standIns: this.#standIns };
    for (const ref of await pullReferences(fromImage, tag, sources)) {
      await pullInto(this.store, this.files, ref, sources);
      const name = familiarString(ref);
      this.#event("pull", name, name);
    }
  }

  async push(name: string, tag: string | undefined, options: TransferOptions) {
    for (const { ref, image } of pushTargets(this.store, name, tag)) {
      // The last line (the pushed digest) waits until the image's new RepoDigest is durable.
      let held: Record<string, unknown> | undefined;
      const onProgress = (message: Record<string, unknown>) => {
        if (held) options.onProgress(held);
        held = message;
      };
      try {
        await pushTo(ref, image, { ...options, onProgress });
        await this.store.save();
      } finally {
        if (held) options.onProgress(held);
      }
      const pushed = familiarString(ref);
      this.#event("push", pushed, pushed);
    }
  }

  list(options: { all: boolean; filters: ReadonlyMap<string, readonly string[]> }) {
    const parents = new Set([...this.store.values()].map((img) => img.parent));
    const images = filterImages(this.store, options.filters).filter((img) =>
      options.all || img.repoTags.length > 0 || !parents.has(img.id)
    );
    return Promise.resolve(images.map((img) =>
      imageSummary(
        {
          ...img,
          repoTags: visibleTags(options.filters, img),
          repoDigests: visibleDigests(options.filters, img),
        },
        this.usersOf(img.id).length,
      )
    ));
  }

  inspect(ref: string) {
    return Promise.resolve(inspectView(this.store.get(ref)));
  }

  history(ref: string) {
    return Promise.resolve(historyView(this.store.get(ref)));
  }

  async tag(ref: string, repo: string, tag: string | undefined) {
    const image = this.store.get(ref);
    const target = targetOf(repo, tag);
    const record: ImageRecord = { ...image, repoTags: [target] };
    this.store.add(record);
    image.lastTagTime = new Date().toISOString();
    await this.store.save();
    this.#event("tag", image.id, target);
  }

  async remove(ref: string, options: { force: boolean; noprune: boolean }) {
    const deleted = removeImage(this.#remover, ref, options.force, options.noprune);
    await this.store.save();
    return deleted;
  }

  async prune(filters: ReadonlyMap<string, readonly string[]>) {
    const pruned = pruneImages(this.#remover, filters);
    await this.store.save();
    return pruned;
  }

  async commit(container: string, options: CommitOptions) {
    if (!this.containerOf) throw notImplemented("ImageCommit", "memory");
    const source = this.containerOf(container);
    const image = await commitContainer(this.store, this.files, source, options);
    this.events.publish({
      Type: "container",
      Action: "commit",
      id: source.id,
      attributes: {
        comment: options.comment ?? "",
        imageID: image.id,
        imageRef: image.repoTags[0] ?? "",
      },
    });
    return { Id: image.id };
  }

  save(names: string[]) {
    const images = names.map((name) => {
      const image = this.store.get(name);
      // An image ID saves the image alone, without its tags, as dockerd does (docker-py's
      // image.save() relies on it); a reference records itself.
      const tags = isIdReference(name, image) ? [] : [tagged(parseShortReference(name))];
      return { image, tags };
    });
    for (const { image } of images) this.#event("save", image.id, image.id);
    return Promise.resolve(saveArchive(images));
  }

  async import(tar: ReadableStream<Uint8Array>, options: ImportOptions): Promise<string> {
    const image = await importImage(this.store, this.files, tar, options).catch((err) => {
      if (err instanceof DockerError) throw err;
      throw invalidParameter(`invalid tar archive: ${err instanceof Error ? err.message : err}`);
    });
    this.#event("import", image.id, image.repoTags[0] ?? image.id);
    return image.id;
  }

  async load(archive: ReadableStream<Uint8Array>) {
    const lines = await loadArchive(this.store, this.files, archive);
    for (const line of lines) {
      const name = line.replace(/^Loaded image( ID)?: /, "");
      this.#event("load", name, name);
    }
    return lines;
  }

  /**
   * The classic builder's cache is a map of step keys to images; pruning forgets the keys (the
   * images themselves go with `docker image prune`, so no space is reclaimed here).
   */
  async pruneBuildCache() {
    const deleted = [...this.store.buildCache.keys()];
    this.store.buildCache.clear();
    await this.store.save();
    return { CachesDeleted: deleted, SpaceReclaimed: 0 };
  }

  async build(context: ReadableStream<Uint8Array> | null, options: BuildOptions) {
    const base = async (ref: string) => {
      const found = this.store.find(ref);
      // A base image of another platform is pulled for the asked one, as dockerd's builder does.
      if (found && !options.pull && hasPlatform(found, options.platform)) return found;
      const { onProgress, platform } = options;
      await this.pull(ref, undefined, {
        onProgress: options.quiet ? () => {} : onProgress,
        platform,
      });
      return this.store.get(ref);
    };
    const tag = async (image: ImageRecord, name: string) => {
      const target = tagged(parseShortReference(name));
      await this.tag(image.id, target, undefined);
      return target;
    };
    // The build's images are saved when it ends (failed builds keep theirs, as dockerd's
    // classic builder does); a crash before that leaves none of them.
    const txn = this.store.begin();
    try {
      await this.files.writing(() =>
        buildImage(
          { store: this.store, files: this.files, events: this.events, txn, steps: this.#steps },
          context,
          options,
          base,
          tag,
        )
      );
    } finally {
      await txn.commit();
    }
  }

  login(auth: RegistryAuth) {
    return verifyCredentials(auth);
  }
}
