/**
 * A container's mount table over its root filesystem: host directories (binds and volumes),
 * host files (binds of one file) and tmpfs, on just-bash's `MountableFs`. A file mount point
 * behaves as on Linux: it shadows the image's file at that path, and it cannot be removed or
 * renamed, nor can anything be renamed onto it (EBUSY), while writing to it (`>`, `cp`) writes
 * the host file.
 *
 * @module
 */

import { statSync } from "node:fs";
import { type CpOptions, type IFileSystem, InMemoryFs, MountableFs, ReadWriteFs } from "just-bash";
import { errnoError } from "./_errno.ts";
import { FileBindFs } from "./file_bind_fs.ts";
import type { LayerFs } from "./layer_fs.ts";
import { normalizePath, parentPath } from "./_path.ts";
import { readOnlyFs } from "./read_only_fs.ts";

/** One mount, as `SandboxContainer` takes it (see `Mount` there). */
export interface MountSpec {
  type: "bind" | "volume" | "tmpfs";
  source?: string;
  target: string;
  readOnly?: boolean;
}

/** Mode of the empty file the runtime creates for a file mount point, as runc does. */
const MOUNT_POINT_FILE_MODE = 0o755;

/** The mounts of one container, over `base`. */
export class MountTable extends MountableFs {
  /** Container paths of every mount point, in mount order. */
  readonly targets: string[] = [];
  /** File mount points: container path to host file. */
  readonly #files = new Map<string, string>();

  constructor(base: IFileSystem, mounts: MountSpec[]) {
    super({ base });
    for (const m of mounts) {
      const target = normalizePath(m.target);
      const fs = mountFs(m, target);
      if (fs instanceof FileBindFs) this.#files.set(target, fs.source);
      this.mount(target, m.readOnly && !(fs instanceof FileBindFs) ? readOnlyFs(fs) : fs);
      this.targets.push(target);
    }
  }

  /**
   * Creates the mount points in the container's own layer, as the runtime does before mounting:
   * a directory for a directory mount, an empty file for a file mount (unless the image has
   * one). A file cannot be mounted onto a directory.
   */
  async prepare(layer: LayerFs): Promise<void> {
    for (const target of this.targets) {
      const source = this.#files.get(target);
      if (source === undefined) {
        await layer.mkdir(target, { recursive: true });
        continue;
      }
      const existing = layer.node(target);
      if (existing?.kind === "directory") {
        throw new Error(
          `error mounting "${source}" to rootfs at "${target}": not a directory: ` +
            "Are you trying to mount a directory onto a file (or vice-versa)? " +
            "Check if the specified host path exists and is the expected type",
        );
      }
      if (existing) continue;
      await layer.mkdir(parentPath(target), { recursive: true });
      await layer.writeFile(target, new Uint8Array(0));
      await layer.chmod(target, MOUNT_POINT_FILE_MODE);
    }
  }

  /** True when `path` is the mount point of a file bind. */
  isFileMount(path: string): boolean {
    return this.#files.has(normalizePath(path));
  }

  override rm(path: string, options?: Parameters<MountableFs["rm"]>[1]): Promise<void> {
    if (this.isFileMount(path)) {
      return Promise.reject(errnoError("EBUSY", "unlinkat", normalizePath(path)));
    }
    return super.rm(path, options);
  }

  /** rename(2) of a mount point, or onto one, fails with EBUSY. */
  override mv(src: string, dest: string): Promise<void> {
    for (const path of [src, dest]) {
      if (this.isFileMount(path)) {
        return Promise.reject(errnoError("EBUSY", "rename", normalizePath(path)));
      }
    }
    return super.mv(src, dest);
  }

  /**
   * Copying onto a file mount point writes its content into the host file and keeps the file's
   * mode, as `cp` opening an existing destination does (MountableFs would also chmod it).
   */
  override async cp(src: string, dest: string, options?: CpOptions): Promise<void> {
    if (!this.isFileMount(dest) || (await this.stat(src)).isDirectory) {
      return super.cp(src, dest, options);
    }
    await this.writeFile(dest, await this.readFileBuffer(src));
  }
}

function mountFs(m: MountSpec, target: string): IFileSystem {
  if (m.type === "tmpfs") return new InMemoryFs();
  if (!m.source) throw new Error(`Mount ${target} needs a source directory or file`);
  if (isFile(m.source)) return new FileBindFs(m.source, target, m.readOnly === true);
  return new ReadWriteFs({ root: m.source });
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
