/**
 * @module
 * The engine's volumes: records keyed by name, each a real host directory
 * (`<root>/<name>/_data`, as dockerd lays them out; the root is the data root's `volumes/`, or a
 * per-daemon temporary folder without one), and the containers that reference each one. A
 * volume's metadata (`<root>/<name>/volume.json`) is written after its folder and removed before
 * it, so it is the commit point: a folder without it is a create or remove cut short by a
 * crash, deleted at start.
 */

import type { Types } from "../../../generated/docker/mod.ts";
import { conflict, DockerError, invalidParameter, notFound } from "../errors.ts";
import type { EventBus } from "../events.ts";
import { newId } from "../ids.ts";
import { readJsonChecked, removeFileDurable, syncDir, writeJsonAtomic } from "../state/mod.ts";
import { bindDevice } from "./local_options.ts";

/** The label dockerd puts on anonymous volumes. */
export const ANONYMOUS_LABEL = "com.docker.volume.anonymous";

/** One volume. */
export interface VolumeRecord {
  name: string;
  createdAt: string;
  mountpoint: string;
  labels: Record<string, string>;
  options: Record<string, string>;
}

/** The metadata file in a volume's folder. */
const META = "volume.json";

/** dockerd wants two characters or more; one-letter names are accepted, as for containers. */
const NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;
/** A local volume's name is its folder's name: the longest a Linux file name can be. */
const NAME_MAX = 255;

/** Volumes by name, their directories, and who uses them. */
export class VolumeStore {
  readonly #volumes = new Map<string, VolumeRecord>();
  /** Volume name → ids of the containers that mount it. */
  readonly #users = new Map<string, Set<string>>();
  readonly #creating = new Map<string, Promise<VolumeRecord>>();
  #root: Promise<string> | null;
  readonly #durable: boolean;

  /** Volumes under `root` (persisted there), or under a temporary folder when not given. */
  constructor(readonly events: EventBus, root?: string) {
    this.#root = root ? Promise.resolve(root) : null;
    this.#durable = root !== undefined;
  }

  /** Loads the volumes saved under the root, deleting folders of cut-short creates and removes. */
  async load(): Promise<void> {
    if (!this.#durable) return;
    const root = await this.#root!;
    const reads: Promise<void>[] = [];
    for await (const entry of Deno.readDir(root)) {
      if (!entry.isDirectory) continue;
      reads.push(this.#loadOne(root, entry.name));
    }
    await Promise.all(reads);
  }

  /**
   * One volume folder: with its metadata, a volume (at this path, even if the data root moved);
   * without, a create or remove cut short, deleted. Damaged metadata keeps the data under the
   * folder's name with empty labels and options, rather than deleting it.
   */
  async #loadOne(root: string, name: string): Promise<void> {
    const dir = `${root}/${name}`;
    const meta = `${dir}/${META}`;
    const present = await exists(meta);
    const v = await readJsonChecked<VolumeRecord>(meta);
    const mountpoint = `${dir}/_data`;
    if (v?.name === name) {
      this.#volumes.set(name, { ...v, mountpoint });
    } else if (present && NAME.test(name) && await exists(mountpoint)) {
      const kept = { name, createdAt: createdNow(), mountpoint, labels: {}, options: {} };
      console.error(`sockerless: volume ${name} keeps its data without its lost metadata`);
      await writeJsonAtomic(meta, kept);
      this.#volumes.set(name, kept);
    } else {
      await Deno.remove(dir, { recursive: true }).catch(() => {});
    }
  }

  /** Marks a volume used by a container recovered at start (its mounts were saved with it). */
  restoreUser(name: string, containerId: string): void {
    if (this.#volumes.has(name)) this.#addUser(name, containerId);
  }

  #addUser(name: string, containerId: string): void {
    const users = this.#users.get(name) ?? new Set();
    users.add(containerId);
    this.#users.set(name, users);
  }

  /** The volume called `name`, or dockerd's 404. */
  get(name: string): VolumeRecord {
    const v = this.#volumes.get(name);
    if (!v) throw notFound(`get ${name}: no such volume`);
    return v;
  }

  /** The volume called `name`, if any. */
  find(name: string): VolumeRecord | undefined {
    return this.#volumes.get(name);
  }

  values(): IterableIterator<VolumeRecord> {
    return this.#volumes.values();
  }

  get size(): number {
    return this.#volumes.size;
  }

  /** Ids of the containers that use a volume. */
  usersOf(name: string): string[] {
    return [...(this.#users.get(name) ?? [])];
  }

  /** Creates a volume, or answers the existing one of that name (as dockerd does). */
  async create(
    name: string | undefined,
    labels: Record<string, string>,
    options: Record<string, string>,
  ): Promise<VolumeRecord> {
    const wanted = name || newId();
    const existing = this.#volumes.get(wanted);
    if (existing) return existing;
    if (wanted.length > NAME_MAX) {
      // dockerd answers its mkdir's ENAMETOOLONG as a 500 naming its data root; the client's
      // mistake is a 400 here, and neither the path nor the whole name is echoed.
      throw invalidParameter(
        `create ${wanted.slice(0, 32)}…: a local volume name is at most ${NAME_MAX} ` +
          `characters (this one has ${wanted.length})`,
      );
    }
    if (!NAME.test(wanted)) {
      throw invalidParameter(
        `create ${wanted}: "${wanted}" includes invalid characters for a local volume name, ` +
          `only "[a-zA-Z0-9][a-zA-Z0-9_.-]" are allowed. If you intended to pass a host directory, use absolute path`,
      );
    }
    // Concurrent creates of one name share one folder and one metadata write.
    let making = this.#creating.get(wanted);
    if (!making) {
      making = this.#make(wanted, labels, options);
      this.#creating.set(wanted, making);
      const forget = () => this.#creating.delete(wanted);
      making.then(forget, forget);
    }
    return await making;
  }

  async #make(
    wanted: string,
    labels: Record<string, string>,
    options: Record<string, string>,
  ): Promise<VolumeRecord> {
    this.#root ??= Deno.makeTempDir({ prefix: "sockerless-volumes-" });
    const root = await this.#root;
    const mountpoint = `${root}/${wanted}/_data`;
    await Deno.mkdir(mountpoint, { recursive: true });
    const v: VolumeRecord = {
      name: wanted,
      createdAt: createdNow(),
      mountpoint,
      labels,
      options,
    };
    if (this.#durable) {
      await syncDir(root);
      await writeJsonAtomic(`${root}/${wanted}/${META}`, v);
    }
    this.#volumes.set(wanted, v);
    this.publish(v, "create");
    return v;
  }

  /**
   * A volume for a container's mount: named (created if missing) or a new anonymous one. Its
   * `mountpoint` is where the data is: a bind volume's device, else the volume's directory.
   */
  async use(
    name: string | undefined,
    containerId: string,
  ): Promise<{ name: string; mountpoint: string }> {
    const v = await this.create(name, name ? {} : { [ANONYMOUS_LABEL]: "" }, {});
    const device = bindDevice(v.options);
    if (device && !(await Deno.stat(device).catch(() => null))?.isDirectory) {
      throw new DockerError(
        "System",
        `error while mounting volume '${v.mountpoint}': failed to mount local volume: mount ` +
          `${device}:${v.mountpoint}, flags: 0x1000: no such file or directory`,
      );
    }
    this.#addUser(v.name, containerId);
    return { name: v.name, mountpoint: dataDir(v) };
  }

  /** Forgets a container's uses; with `removeAnonymous`, removes its now unused anonymous volumes. */
  async release(containerId: string, removeAnonymous: boolean): Promise<void> {
    for (const [name, users] of [...this.#users]) {
      if (!users.delete(containerId)) continue;
      if (users.size === 0) this.#users.delete(name);
      const v = this.#volumes.get(name);
      if (removeAnonymous && v && ANONYMOUS_LABEL in v.labels && users.size === 0) {
        await this.remove(name, false);
      }
    }
  }

  /** Removes a volume and its directory; in use is a 409 unless `force`. */
  async remove(name: string, force: boolean): Promise<void> {
    const v = this.get(name);
    const users = this.usersOf(name);
    if (users.length > 0 && !force) {
      throw conflict(`remove ${name}: volume is in use - [${users.join(", ")}]`);
    }
    this.#volumes.delete(name);
    this.#users.delete(name);
    const dir = v.mountpoint.replace(/\/_data$/, "");
    if (this.#durable) await removeFileDurable(`${dir}/${META}`);
    await Deno.remove(dir, { recursive: true }).catch(() => {});
    this.publish(v, "destroy");
  }

  /** Publishes a volume event. */
  publish(v: VolumeRecord, action: string, extra: Record<string, string> = {}): void {
    this.events.publish({
      Type: "volume",
      Action: action,
      id: v.name,
      attributes: { driver: "local", ...extra },
    });
  }

  /** The API view of a volume, with usage data when asked for (`/system/df`). */
  view(v: VolumeRecord, usage?: { size: number }): Types.Volume {
    return {
      CreatedAt: v.createdAt,
      Driver: "local",
      Labels: v.labels,
      Mountpoint: bindDevice(v.options) ?? v.mountpoint,
      Name: v.name,
      Options: v.options,
      Scope: "local",
      ...(usage ? { UsageData: { Size: usage.size, RefCount: this.usersOf(v.name).length } } : {}),
    };
  }
}

/** Where a volume's data is: a bind volume's device, else the volume's own directory. */
export function dataDir(v: VolumeRecord): string {
  return bindDevice(v.options) ?? v.mountpoint;
}

function createdNow(): string {
  return new Date().toISOString().replace(/\.\d+Z$/, "Z");
}

function exists(path: string): Promise<boolean> {
  return Deno.lstat(path).then(() => true, () => false);
}

/** Bytes of the files under a directory. */
export async function directorySize(dir: string): Promise<number> {
  let total = 0;
  for await (const entry of Deno.readDir(dir)) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory) total += await directorySize(path);
    else if (entry.isFile) total += (await Deno.lstat(path)).size;
  }
  return total;
}
