/**
 * @module
 * The memory backend's volumes: records keyed by name, each a real host directory under a
 * per-daemon temporary root (`<root>/<name>/_data`, as dockerd lays them out), and the
 * containers that reference each one.
 */

import type { Types } from "../../../../generated/docker/mod.ts";
import { conflict, DockerError, invalidParameter, notFound } from "../../../backend/errors.ts";
import type { EventBus } from "../../../backend/events.ts";
import { newId } from "../../../backend/ids.ts";
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

/** dockerd wants two characters or more; one-letter names are accepted, as for containers. */
const NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

/** Volumes by name, their directories, and who uses them. */
export class VolumeStore {
  readonly #volumes = new Map<string, VolumeRecord>();
  /** Volume name → ids of the containers that mount it. */
  readonly #users = new Map<string, Set<string>>();
  #root: Promise<string> | null = null;

  constructor(readonly events: EventBus) {}

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
    if (!NAME.test(wanted)) {
      throw invalidParameter(
        `create ${wanted}: "${wanted}" includes invalid characters for a local volume name, ` +
          `only "[a-zA-Z0-9][a-zA-Z0-9_.-]" are allowed. If you intended to pass a host directory, use absolute path`,
      );
    }
    this.#root ??= Deno.makeTempDir({ prefix: "sockerless-volumes-" });
    const mountpoint = `${await this.#root}/${wanted}/_data`;
    await Deno.mkdir(mountpoint, { recursive: true });
    // Another create of the same name may have finished while we awaited.
    const raced = this.#volumes.get(wanted);
    if (raced) return raced;
    const v: VolumeRecord = {
      name: wanted,
      createdAt: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
      mountpoint,
      labels,
      options,
    };
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
    const users = this.#users.get(v.name) ?? new Set();
    users.add(containerId);
    this.#users.set(v.name, users);
    return { name: v.name, mountpoint: device ?? v.mountpoint };
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
    await Deno.remove(v.mountpoint.replace(/\/_data$/, ""), { recursive: true }).catch(() => {});
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
