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

/** A mount: a host directory or file (bind or named volume) or a tmpfs. */
export interface Mount {
  type: "bind" | "volume" | "tmpfs";
  /** Host directory for `bind` and `volume`, or a host file for a `bind` of one file. */
  source?: string;
  /** Absolute path inside the container. */
  target: string;
  readOnly?: boolean;
}

/** Mode of the empty file the runtime creates for a file mount point, as runc does. */
const MOUNT_POINT_FILE_MODE = 0o755;

/**
 * The mounts of one container, over `base`. A mount inside another one (`-v ./app:/app` with
 * `-v ./app.ini:/app/app.ini`) is mounted in a nested table over the outer mount's filesystem,
 * as the kernel stacks it: the outer host directory is never shadowed as a whole.
 */
export class MountTable extends MountableFs {
  /** Container paths of every mount point, nested ones included. */
  readonly targets: string[] = [];
  /** Mount points of this table (relative to it), which the runtime creates in the layer. */
  readonly #own: string[] = [];
  /** File mount points of this table: path to host file. */
  readonly #files = new Map<string, string>();
  /** Container path of this table's root (`""` for the container's root). */
  readonly #prefix: string;

  constructor(base: IFileSystem, mounts: Mount[], prefix = "") {
    super({ base });
    this.#prefix = prefix;
    for (const { spec, target, nested } of stack(mounts)) {
      const full = prefix + target;
      let fs = mountFs(spec, full);
      if (fs instanceof FileBindFs) {
        if (nested.length > 0) {
          throw new Error(`Mount ${prefix + nested[0].target}: ${full} is a file`);
        }
        this.#files.set(target, fs.source);
      } else if (spec.readOnly) {
        fs = readOnlyFs(fs);
      }
      this.targets.push(full);
      if (nested.length > 0) {
        const inner = new MountTable(fs, nested, full);
        this.targets.push(...inner.targets);
        fs = inner;
      }
      this.mount(target, fs);
      this.#own.push(target);
    }
  }

  /**
   * Creates the mount points in the container's own layer, as the runtime does before mounting:
   * a directory for a directory mount, an empty file for a file mount (unless the image has
   * one). A file cannot be mounted onto a directory.
   */
  async prepare(layer: LayerFs): Promise<void> {
    for (const target of this.#own) {
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
      return Promise.reject(errnoError("EBUSY", "unlinkat", this.#prefix + normalizePath(path)));
    }
    return super.rm(path, options);
  }

  /** rename(2) of a mount point, or onto one, fails with EBUSY. */
  override mv(src: string, dest: string): Promise<void> {
    for (const path of [src, dest]) {
      if (this.isFileMount(path)) {
        return Promise.reject(errnoError("EBUSY", "rename", this.#prefix + normalizePath(path)));
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

/**
 * The mounts outermost first (as dockerd sorts them, by path depth), each with the mounts inside
 * it, their targets made relative to it.
 */
function stack(mounts: Mount[]): { spec: Mount; target: string; nested: Mount[] }[] {
  const depth = (m: Mount) => normalizePath(m.target).split("/").length;
  const out: { spec: Mount; target: string; nested: Mount[] }[] = [];
  for (const spec of [...mounts].sort((a, b) => depth(a) - depth(b))) {
    const target = normalizePath(spec.target);
    const outer = out.find((o) => target.startsWith(o.target + "/"));
    if (outer) outer.nested.push({ ...spec, target: target.slice(outer.target.length) });
    else out.push({ spec, target, nested: [] });
  }
  return out;
}

function mountFs(m: Mount, target: string): IFileSystem {
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
