/**
 * Copy-on-write filesystem: a shared read-only {@linkcode ImageLayer} below a
 * small per-container writable layer. Deletions of image files are recorded
 * as whiteouts; a directory re-created after deletion is marked opaque so the
 * image's old children stay hidden. Paths are resolved component by component
 * inside the virtual root, so neither `..` nor a symlink can leave it.
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
import { ancestors, baseName, fsError, joinPath, normalizePath, parentPath } from "./_path.ts";
import type { ImageLayer } from "./image_layer.ts";

/** Synthesised entries (such as `/proc`) supplied by the container. */
export interface VirtualTree {
  /** Mount point, e.g. `/proc`. */
  readonly root: string;
  get(path: string): FsNode | undefined;
  list(path: string): string[] | undefined;
}

/** One entry of {@linkcode LayerFs.changes}, as reported by `docker diff`. */
export interface Change {
  path: string;
  kind: "added" | "modified" | "deleted";
}

/**
 * The writable layer as plain data, to save it and restore it in another process. `sharesLower`
 * marks a file whose content is the image's (a chmod or chown of an image file): its bytes are
 * not repeated and come from the image again at restore.
 */
export interface UpperSnapshot {
  entries: { path: string; node: FsNode; sharesLower: boolean }[];
  whiteouts: string[];
  opaque: string[];
}

/** Directory entry with type flags (just-bash does not export this type). */
export interface DirentEntry {
  name: string;
  isFile: boolean;
  isDirectory: boolean;
  isSymbolicLink: boolean;
}

const MAX_SYMLINK_HOPS = 40;
const DEVICE_READ_SIZE = 65536;

/** A copy-on-write view of an image layer. */
export class LayerFs implements IFileSystem {
  readonly #lower: ImageLayer;
  readonly #upper = new Map<string, FsNode>();
  readonly #upperChildren = new Map<string, Set<string>>();
  readonly #whiteouts = new Set<string>();
  readonly #opaque = new Set<string>();
  readonly #virtual: VirtualTree[] = [];
  readonly #untracked: ReadonlySet<string>;
  #generation = 0;

  /**
   * @param untracked paths whose writes do not count as changes in `generation` (files the
   * container's host rewrites itself, such as `/etc/hosts`).
   */
  constructor(lower: ImageLayer, untracked: ReadonlySet<string> = new Set()) {
    this.#lower = lower;
    this.#untracked = untracked;
  }

  /** Grows with every change to the writable layer, so savers can tell whether it changed. */
  get generation(): number {
    return this.#generation;
  }

  /** Adds a synthesised subtree such as `/proc`. */
  addVirtual(tree: VirtualTree): void {
    this.#virtual.push(tree);
  }

  /** Number of entries in the writable layer (what this container stores itself). */
  get upperSize(): number {
    return this.#upper.size;
  }

  /** Bytes of file contents stored in the writable layer (data shared with the image excluded). */
  get upperBytes(): number {
    let bytes = 0;
    for (const [path, node] of this.#upper) {
      if (node.data && node.data !== this.#lower.get(path)?.data) bytes += node.data.byteLength;
    }
    return bytes;
  }

  /** The image layer below this filesystem. */
  get image(): ImageLayer {
    return this.#lower;
  }

  // ---- lookup ---------------------------------------------------------------

  #virtualFor(path: string): VirtualTree | undefined {
    return this.#virtual.find((v) => path === v.root || path.startsWith(v.root + "/"));
  }

  #lookup(path: string): FsNode | undefined {
    const v = this.#virtualFor(path);
    if (v) return v.get(path);
    const up = this.#upper.get(path);
    if (up) return up;
    if (this.#whiteouts.has(path)) return undefined;
    for (const a of ancestors(path)) {
      if (this.#whiteouts.has(a) || this.#opaque.has(a)) return undefined;
    }
    return this.#lower.get(path);
  }

  /** Resolves symlinks inside the root; never returns a path outside it. */
  #resolve(path: string, followLast: boolean): string {
    let pending = normalizePath(path).split("/").filter(Boolean);
    let cur = "/";
    let hops = 0;
    while (pending.length > 0) {
      const part = pending.shift()!;
      if (part === "..") {
        cur = parentPath(cur);
        continue;
      }
      const next = joinPath(cur, part);
      const node = this.#lookup(next);
      if (node?.kind === "symlink" && (pending.length > 0 || followLast)) {
        if (++hops > MAX_SYMLINK_HOPS) throw fsError("ELOOP", "resolve", path);
        const target = node.target ?? "";
        if (target.startsWith("/")) cur = "/";
        pending = [...target.split("/").filter((p) => p && p !== "."), ...pending];
        continue;
      }
      if (node && node.kind !== "directory" && pending.length > 0) {
        throw fsError("ENOTDIR", "resolve", path);
      }
      cur = next;
    }
    return cur;
  }

  #get(path: string, op: string, follow = true): [string, FsNode] {
    const real = this.#resolve(path, follow);
    const node = this.#lookup(real);
    if (!node) throw fsError("ENOENT", op, path);
    return [real, node];
  }

  #isVirtual(path: string): boolean {
    return this.#virtualFor(path) !== undefined;
  }

  // ---- mutation primitives --------------------------------------------------

  #put(path: string, node: FsNode): void {
    if (this.#isVirtual(path)) throw fsError("EROFS", "write", path);
    if (!this.#untracked.has(path)) this.#generation++;
    if (this.#whiteouts.delete(path) && node.kind === "directory") this.#opaque.add(path);
    this.#setUpper(path, node);
  }

  /** Stores `node` in the writable layer and lists it among its parent's children. */
  #setUpper(path: string, node: FsNode): void {
    this.#upper.set(path, node);
    const parent = parentPath(path);
    let set = this.#upperChildren.get(parent);
    if (!set) this.#upperChildren.set(parent, set = new Set());
    set.add(baseName(path));
  }

  #remove(path: string): void {
    if (this.#isVirtual(path)) throw fsError("EROFS", "rm", path);
    this.#generation++;
    const prefix = path + "/";
    for (const key of [...this.#upper.keys()]) {
      if (key === path || key.startsWith(prefix)) {
        this.#upper.delete(key);
        this.#upperChildren.get(parentPath(key))?.delete(baseName(key));
        this.#upperChildren.delete(key);
      }
    }
    for (const key of [...this.#opaque]) {
      if (key === path || key.startsWith(prefix)) this.#opaque.delete(key);
    }
    if (this.#lower.get(path) && !this.#hiddenLower(path)) this.#whiteouts.add(path);
  }

  #hiddenLower(path: string): boolean {
    if (this.#whiteouts.has(path)) return true;
    return ancestors(path).some((a) => this.#whiteouts.has(a) || this.#opaque.has(a));
  }

  #parentDir(path: string, op: string): string {
    const parent = parentPath(path);
    const [real, node] = this.#get(parent, op);
    if (node.kind !== "directory") throw fsError("ENOTDIR", op, path);
    return real;
  }

  /** Target path for a write: follows a final symlink, requires a directory parent. */
  #writeTarget(path: string, op: string): string {
    const real = this.#resolve(path, true);
    this.#parentDir(real, op);
    return real;
  }

  // ---- IFileSystem ----------------------------------------------------------

  async readFile(path: string, options?: EncodingOption): Promise<string> {
    return decodeContent(await this.readFileBuffer(path), options);
  }

  async readFileBytes(path: string): Promise<ByteString> {
    return unsafeBytesFromLatin1(decodeContent(await this.readFileBuffer(path), "latin1"));
  }

  readFileBuffer(path: string): Promise<Uint8Array> {
    return settle(() => {
      const [, node] = this.#get(path, "open");
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
      const real = this.#writeTarget(path, "write");
      const old = this.#lookup(real);
      if (old?.kind === "directory") throw fsError("EISDIR", "write", path);
      if (old?.device) return;
      let bytes = data;
      if (append && old?.data) {
        bytes = new Uint8Array(old.data.byteLength + data.byteLength);
        bytes.set(old.data);
        bytes.set(data, old.data.byteLength);
      }
      this.#put(real, {
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
    return settle(() => this.#lookup(this.#resolve(path, true)) !== undefined).catch(() => false);
  }

  stat(path: string): Promise<FsStat> {
    return this.#statOf(path, true);
  }

  lstat(path: string): Promise<FsStat> {
    return this.#statOf(path, false);
  }

  #statOf(path: string, follow: boolean): Promise<FsStat> {
    return settle(() => {
      const [real, node] = this.#get(path, "stat", follow);
      // Hard links are copies, so the resolved path names the file: commands (`cp`, `mv`) that
      // must tell two existing files apart compare this identity.
      return { ...toStat(node), identity: `layer:${real}` };
    });
  }

  /** Returns the raw node (with owner) for tar export and `stat`. */
  node(path: string, follow = false): FsNode | undefined {
    try {
      return this.#lookup(this.#resolve(path, follow));
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
    const real = this.#resolve(path, true);
    const node = this.#lookup(real);
    if (node) {
      if (existOk && node.kind === "directory") return;
      throw fsError("EEXIST", "mkdir", path);
    }
    this.#parentDir(real, "mkdir");
    this.#put(real, dirNode());
  }

  async readdir(path: string): Promise<string[]> {
    return (await this.readdirWithFileTypes(path)).map((d) => d.name);
  }

  readdirWithFileTypes(path: string): Promise<DirentEntry[]> {
    return settle(() => {
      const [real, node] = this.#get(path, "scandir");
      if (node.kind !== "directory") throw fsError("ENOTDIR", "scandir", path);
      const names = new Set<string>();
      const virtual = this.#virtualFor(real);
      if (virtual) {
        for (const n of virtual.list(real) ?? []) names.add(n);
      } else {
        if (!this.#opaque.has(real) && !this.#hiddenLower(real)) {
          for (const n of this.#lower.list(real)) {
            if (!this.#whiteouts.has(joinPath(real, n))) names.add(n);
          }
        }
        for (const n of this.#upperChildren.get(real) ?? []) names.add(n);
        for (const v of this.#virtual) {
          if (parentPath(v.root) === real) names.add(baseName(v.root));
        }
      }
      const out: DirentEntry[] = [];
      for (const name of [...names].sort()) {
        const child = this.#lookup(joinPath(real, name));
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
      real = this.#resolve(p, false);
      node = this.#lookup(real);
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
    this.#remove(real);
  }

  async cp(src: string, dest: string, options?: CpOptions): Promise<void> {
    const [, node] = this.#get(src, "cp");
    if (node.kind === "directory" && !options?.recursive) throw fsError("EISDIR", "cp", src);
    const target = this.#writeTarget(dest, "cp");
    await this.#copyTree(this.#resolve(src, true), target);
  }

  async #copyTree(from: string, to: string): Promise<void> {
    const node = this.#lookup(from);
    if (!node) return;
    this.#put(to, { ...node, mtime: new Date() });
    if (node.kind !== "directory") return;
    for (const name of await this.readdir(from)) {
      await this.#copyTree(joinPath(from, name), joinPath(to, name));
    }
  }

  async mv(src: string, dest: string): Promise<void> {
    const from = this.#resolve(src, false);
    if (!this.#lookup(from)) throw fsError("ENOENT", "rename", src);
    const to = this.#writeTarget(dest, "rename");
    if (to === from) return;
    if (to.startsWith(from + "/")) throw fsError("EINVAL", "rename", dest);
    if (this.#lookup(to)) this.#remove(to);
    await this.#copyTree(from, to);
    this.#remove(from);
  }

  resolvePath(base: string, path: string): string {
    return normalizePath(path, base);
  }

  getAllPaths(): string[] {
    const out = new Set<string>();
    for (const p of this.#lower.paths()) if (this.#lookup(p)) out.add(p);
    for (const p of this.#upper.keys()) out.add(p);
    return [...out];
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
      const [real, node] = this.#get(path, op);
      this.#put(real, change(node));
      return;
    });
  }

  symlink(target: string, linkPath: string): Promise<void> {
    return settle(() => {
      const real = this.#resolve(linkPath, false);
      if (this.#lookup(real)) throw fsError("EEXIST", "symlink", linkPath);
      this.#parentDir(real, "symlink");
      this.#put(real, symlinkNode(target));
      return;
    });
  }

  link(existingPath: string, newPath: string): Promise<void> {
    return settle(() => {
      const [, node] = this.#get(existingPath, "link");
      if (node.kind === "directory") throw fsError("EISDIR", "link", existingPath);
      const real = this.#resolve(newPath, false);
      if (this.#lookup(real)) throw fsError("EEXIST", "link", newPath);
      this.#parentDir(real, "link");
      this.#put(real, node);
      return;
    });
  }

  readlink(path: string): Promise<string> {
    return settle(() => {
      const [, node] = this.#get(path, "readlink", false);
      if (node.kind !== "symlink") throw fsError("EINVAL", "readlink", path);
      return node.target ?? "";
    });
  }

  realpath(path: string): Promise<string> {
    return settle(() => {
      return this.#get(path, "realpath")[0];
    });
  }

  /** What changed relative to the image, for `docker diff`. */
  changes(): Change[] {
    const out = new Map<string, Change["kind"]>();
    for (const path of this.#upper.keys()) {
      const inLower = this.#lower.get(path) !== undefined && !this.#opaqueAbove(path);
      out.set(path, inLower ? "modified" : "added");
      for (const a of ancestors(path)) if (!out.has(a)) out.set(a, "modified");
    }
    for (const path of this.#whiteouts) {
      if (!this.#upper.has(path)) out.set(path, "deleted");
      for (const a of ancestors(path)) if (!out.has(a)) out.set(a, "modified");
    }
    return [...out].sort(([a], [b]) => a.localeCompare(b)).map(([path, kind]) => ({ path, kind }));
  }

  /** The writable layer as plain data, without the paths `skip` names. */
  snapshotUpper(skip: (path: string) => boolean = () => false): UpperSnapshot {
    const entries: UpperSnapshot["entries"] = [];
    for (const [path, node] of this.#upper) {
      if (skip(path)) continue;
      const sharesLower = node.data !== undefined && node.data === this.#lower.get(path)?.data;
      entries.push({ path, node, sharesLower });
    }
    return {
      entries,
      whiteouts: [...this.#whiteouts].filter((p) => !skip(p)),
      opaque: [...this.#opaque].filter((p) => !skip(p)),
    };
  }

  /** Lays a snapshot over the writable layer (entries it holds are replaced). */
  restoreUpper(snapshot: UpperSnapshot): void {
    for (const { path, node, sharesLower } of snapshot.entries) {
      const data = sharesLower ? this.#lower.get(path)?.data ?? new Uint8Array(0) : node.data;
      this.#setUpper(path, data === undefined ? node : { ...node, data });
    }
    for (const path of snapshot.whiteouts) this.#whiteouts.add(path);
    for (const path of snapshot.opaque) this.#opaque.add(path);
    this.#generation++;
  }

  #opaqueAbove(path: string): boolean {
    return ancestors(path).some((a) => this.#opaque.has(a) || this.#whiteouts.has(a));
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
