/**
 * Copy-on-write filesystem: a shared read-only {@linkcode ImageLayer} below a
 * small per-container writable layer. Deletions of image files are recorded
 * as whiteouts; a directory re-created after deletion is marked opaque so the
 * image's old children stay hidden. Paths are resolved component by component
 * inside the virtual root, so neither `..` nor a symlink can leave it. This is the
 * `IFileSystem` interface; the layers and their primitives are {@linkcode LayerTree}'s.
 *
 * @module
 */

import {
  type ByteString,
  type CpOptions,
  type FsStat,
  type IFileSystem,
  type MkdirOptions,
  type RmOptions,
  unsafeBytesFromLatin1,
} from "just-bash";
import { dirNode, type FsNode, nodeSize, symlinkNode } from "./_node.ts";
import { decodeContent, encodeContent, type EncodingOption } from "./_encoding.ts";
import { ancestors, fsError, joinPath, normalizePath } from "./_path.ts";
import type { ImageLayer } from "./image_layer.ts";
import { type Change, LayerTree, type UpperSnapshot, type VirtualTree } from "./layer_tree.ts";

export type { Change, UpperSnapshot, VirtualTree } from "./layer_tree.ts";

/** Directory entry with type flags (just-bash does not export this type). */
export interface DirentEntry {
  name: string;
  isFile: boolean;
  isDirectory: boolean;
  isSymbolicLink: boolean;
}

const DEVICE_READ_SIZE = 65536;

/** A copy-on-write view of an image layer. */
export class LayerFs implements IFileSystem {
  readonly #tree: LayerTree;

  /**
   * @param untracked paths whose writes do not count as changes in `generation` (files the
   * container's host rewrites itself, such as `/etc/hosts`).
   */
  constructor(lower: ImageLayer, untracked: ReadonlySet<string> = new Set()) {
    this.#tree = new LayerTree(lower, untracked);
  }

  /** Grows with every change to the writable layer, so savers can tell whether it changed. */
  get generation(): number {
    return this.#tree.generation;
  }

  /** Adds a synthesised subtree such as `/proc`. */
  addVirtual(tree: VirtualTree): void {
    this.#tree.addVirtual(tree);
  }

  /** Number of entries in the writable layer (what this container stores itself). */
  get upperSize(): number {
    return this.#tree.upperSize;
  }

  /** Bytes of file contents stored in the writable layer (data shared with the image excluded). */
  get upperBytes(): number {
    return this.#tree.upperBytes;
  }

  /** The image layer below this filesystem. */
  get image(): ImageLayer {
    return this.#tree.image;
  }

  /** What changed relative to the image, for `docker diff`. */
  changes(): Change[] {
    return this.#tree.changes();
  }

  /** The writable layer as plain data, without the paths `skip` names. */
  snapshotUpper(skip?: (path: string) => boolean): UpperSnapshot {
    return this.#tree.snapshotUpper(skip);
  }

  /** Lays a snapshot over the writable layer (entries it holds are replaced). */
  restoreUpper(snapshot: UpperSnapshot): void {
    this.#tree.restoreUpper(snapshot);
  }

  async readFile(path: string, options?: EncodingOption): Promise<string> {
    return decodeContent(await this.readFileBuffer(path), options);
  }

  async readFileBytes(path: string): Promise<ByteString> {
    return unsafeBytesFromLatin1(decodeContent(await this.readFileBuffer(path), "latin1"));
  }

  readFileBuffer(path: string): Promise<Uint8Array> {
    return settle(() => {
      const [, node] = this.#tree.get(path, "open");
      if (node.kind === "directory") throw fsError("EISDIR", "read", path);
      if (node.device === "zero") return new Uint8Array(DEVICE_READ_SIZE);
      if (node.device === "urandom") {
        return crypto.getRandomValues(new Uint8Array(DEVICE_READ_SIZE));
      }
      return node.data ?? new Uint8Array(0);
    });
  }

  writeFile(path: string, content: string | Uint8Array, options?: EncodingOption): Promise<void> {
    return this.#write(path, encodeContent(content, options), false);
  }

  appendFile(path: string, content: string | Uint8Array, options?: EncodingOption): Promise<void> {
    return this.#write(path, encodeContent(content, options), true);
  }

  #write(path: string, data: Uint8Array, append: boolean): Promise<void> {
    return settle(() => {
      const real = this.#tree.writeTarget(path, "write");
      const old = this.#tree.lookup(real);
      if (old?.kind === "directory") throw fsError("EISDIR", "write", path);
      if (old?.device) return;
      let bytes = data;
      if (append && old?.data) {
        bytes = new Uint8Array(old.data.byteLength + data.byteLength);
        bytes.set(old.data);
        bytes.set(data, old.data.byteLength);
      }
      this.#tree.put(real, {
        kind: "file",
        mode: old?.mode ?? 0o644,
        mtime: new Date(),
        uid: old?.uid ?? 0,
        gid: old?.gid ?? 0,
        data: bytes,
      });
      return;
    });
  }

  exists(path: string): Promise<boolean> {
    return settle(() => this.#tree.lookup(this.#tree.resolve(path, true)) !== undefined).catch(() =>
      false
    );
  }

  stat(path: string): Promise<FsStat> {
    return this.#statOf(path, true);
  }

  lstat(path: string): Promise<FsStat> {
    return this.#statOf(path, false);
  }

  #statOf(path: string, follow: boolean): Promise<FsStat> {
    return settle(() => {
      const [real, node] = this.#tree.get(path, "stat", follow);
      // Hard links are copies, so the resolved path names the file: commands (`cp`, `mv`) that
      // must tell two existing files apart compare this identity.
      return { ...toStat(node), identity: `layer:${real}` };
    });
  }

  /** Returns the raw node (with owner) for tar export and `stat`. */
  node(path: string, follow = false): FsNode | undefined {
    try {
      return this.#tree.lookup(this.#tree.resolve(path, follow));
    } catch {
      return undefined;
    }
  }

  mkdir(path: string, options?: MkdirOptions): Promise<void> {
    return settle(() => {
      const p = normalizePath(path);
      if (options?.recursive) {
        for (const dir of [...ancestors(p), p]) this.#mkdirOne(dir, true);
      } else {
        this.#mkdirOne(p, false);
      }
      return;
    });
  }

  #mkdirOne(path: string, existOk: boolean): void {
    if (path === "/") return;
    const real = this.#tree.resolve(path, true);
    const node = this.#tree.lookup(real);
    if (node) {
      if (existOk && node.kind === "directory") return;
      throw fsError("EEXIST", "mkdir", path);
    }
    this.#tree.parentDir(real, "mkdir");
    this.#tree.put(real, dirNode());
  }

  async readdir(path: string): Promise<string[]> {
    return (await this.readdirWithFileTypes(path)).map((d) => d.name);
  }

  readdirWithFileTypes(path: string): Promise<DirentEntry[]> {
    return settle(() => {
      const [real, node] = this.#tree.get(path, "scandir");
      if (node.kind !== "directory") throw fsError("ENOTDIR", "scandir", path);
      const names = this.#tree.names(real);
      const out: DirentEntry[] = [];
      for (const name of [...names].sort()) {
        const child = this.#tree.lookup(joinPath(real, name));
        if (!child) continue;
        out.push({
          name,
          isFile: child.kind === "file",
          isDirectory: child.kind === "directory",
          isSymbolicLink: child.kind === "symlink",
        });
      }
      return out;
    });
  }

  async rm(path: string, options?: RmOptions): Promise<void> {
    const p = normalizePath(path);
    let real: string;
    let node: FsNode | undefined;
    try {
      real = this.#tree.resolve(p, false);
      node = this.#tree.lookup(real);
    } catch (err) {
      if (options?.force) return;
      throw err;
    }
    if (!node) {
      if (options?.force) return;
      throw fsError("ENOENT", "rm", path);
    }
    if (real === "/") throw fsError("EACCES", "rm", path);
    if (node.kind === "directory" && !options?.recursive) {
      if ((await this.readdir(real)).length > 0) throw fsError("ENOTEMPTY", "rm", path);
    }
    this.#tree.remove(real);
  }

  async cp(src: string, dest: string, options?: CpOptions): Promise<void> {
    const [, node] = this.#tree.get(src, "cp");
    if (node.kind === "directory" && !options?.recursive) throw fsError("EISDIR", "cp", src);
    const target = this.#tree.writeTarget(dest, "cp");
    await this.#copyTree(this.#tree.resolve(src, true), target);
  }

  async #copyTree(from: string, to: string): Promise<void> {
    const node = this.#tree.lookup(from);
    if (!node) return;
    this.#tree.put(to, { ...node, mtime: new Date() });
    if (node.kind !== "directory") return;
    for (const name of await this.readdir(from)) {
      await this.#copyTree(joinPath(from, name), joinPath(to, name));
    }
  }

  async mv(src: string, dest: string): Promise<void> {
    const from = this.#tree.resolve(src, false);
    if (!this.#tree.lookup(from)) throw fsError("ENOENT", "rename", src);
    const to = this.#tree.writeTarget(dest, "rename");
    if (to === from) return;
    if (to.startsWith(from + "/")) throw fsError("EINVAL", "rename", dest);
    if (this.#tree.lookup(to)) this.#tree.remove(to);
    await this.#copyTree(from, to);
    this.#tree.remove(from);
  }

  resolvePath(base: string, path: string): string {
    return normalizePath(path, base);
  }

  getAllPaths(): string[] {
    return this.#tree.allPaths();
  }

  chmod(path: string, mode: number): Promise<void> {
    return this.#update(path, "chmod", (n) => ({ ...n, mode: mode & 0o7777 }));
  }

  /** Changes the owner recorded for a path (there is no real permission model). */
  chown(path: string, uid: number, gid: number): Promise<void> {
    return this.#update(path, "chown", (n) => ({ ...n, uid, gid }));
  }

  utimes(path: string, _atime: Date, mtime: Date): Promise<void> {
    return this.#update(path, "utimes", (n) => ({ ...n, mtime }));
  }

  #update(path: string, op: string, change: (n: FsNode) => FsNode): Promise<void> {
    return settle(() => {
      const [real, node] = this.#tree.get(path, op);
      this.#tree.put(real, change(node));
      return;
    });
  }

  symlink(target: string, linkPath: string): Promise<void> {
    return settle(() => {
      const real = this.#tree.resolve(linkPath, false);
      if (this.#tree.lookup(real)) throw fsError("EEXIST", "symlink", linkPath);
      this.#tree.parentDir(real, "symlink");
      this.#tree.put(real, symlinkNode(target));
      return;
    });
  }

  link(existingPath: string, newPath: string): Promise<void> {
    return settle(() => {
      const [, node] = this.#tree.get(existingPath, "link");
      if (node.kind === "directory") throw fsError("EISDIR", "link", existingPath);
      const real = this.#tree.resolve(newPath, false);
      if (this.#tree.lookup(real)) throw fsError("EEXIST", "link", newPath);
      this.#tree.parentDir(real, "link");
      this.#tree.put(real, node);
      return;
    });
  }

  readlink(path: string): Promise<string> {
    return settle(() => {
      const [, node] = this.#tree.get(path, "readlink", false);
      if (node.kind !== "symlink") throw fsError("EINVAL", "readlink", path);
      return node.target ?? "";
    });
  }

  realpath(path: string): Promise<string> {
    return settle(() => {
      return this.#tree.get(path, "realpath")[0];
    });
  }
}

/** Runs synchronous filesystem logic, turning a throw into a rejection. */
function settle<T>(fn: () => T): Promise<T> {
  try {
    return Promise.resolve(fn());
  } catch (err) {
    return Promise.reject(err);
  }
}

function toStat(node: FsNode): FsStat {
  return {
    isFile: node.kind === "file",
    isDirectory: node.kind === "directory",
    isSymbolicLink: node.kind === "symlink",
    mode: node.mode,
    size: nodeSize(node),
    mtime: node.mtime,
  };
}
