/**
 * The state of a copy-on-write filesystem and its primitives: an image layer below a writable
 * layer of nodes, whiteouts for deleted image paths and opaque markers for directories
 * re-created after deletion, synthesised subtrees such as `/proc`, path lookup and symlink
 * resolution that never leave the root, and the writable layer's diff and snapshot.
 * {@linkcode LayerFs} is the filesystem interface over it.
 *
 * @module
 */

import type { FsNode } from "./_node.ts";
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

const MAX_SYMLINK_HOPS = 40;

/** The layers, whiteouts and synthesised subtrees of one copy-on-write filesystem. */
export class LayerTree {
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

  virtualFor(path: string): VirtualTree | undefined {
    return this.#virtual.find((v) => path === v.root || path.startsWith(v.root + "/"));
  }

  lookup(path: string): FsNode | undefined {
    const v = this.virtualFor(path);
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
  resolve(path: string, followLast: boolean): string {
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
      const node = this.lookup(next);
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

  get(path: string, op: string, follow = true): [string, FsNode] {
    const real = this.resolve(path, follow);
    const node = this.lookup(real);
    if (!node) throw fsError("ENOENT", op, path);
    return [real, node];
  }

  isVirtual(path: string): boolean {
    return this.virtualFor(path) !== undefined;
  }

  // ---- mutation primitives --------------------------------------------------

  put(path: string, node: FsNode): void {
    if (this.isVirtual(path)) throw fsError("EROFS", "write", path);
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

  remove(path: string): void {
    if (this.isVirtual(path)) throw fsError("EROFS", "rm", path);
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
    if (this.#lower.get(path) && !this.hiddenLower(path)) this.#whiteouts.add(path);
  }

  hiddenLower(path: string): boolean {
    if (this.#whiteouts.has(path)) return true;
    return ancestors(path).some((a) => this.#whiteouts.has(a) || this.#opaque.has(a));
  }

  parentDir(path: string, op: string): string {
    const parent = parentPath(path);
    const [real, node] = this.get(parent, op);
    if (node.kind !== "directory") throw fsError("ENOTDIR", op, path);
    return real;
  }

  /** Target path for a write: follows a final symlink, requires a directory parent. */
  writeTarget(path: string, op: string): string {
    const real = this.resolve(path, true);
    this.parentDir(real, op);
    return real;
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

  /** The names a directory lists: its synthesised, image and writable-layer children. */
  names(real: string): Set<string> {
    const names = new Set<string>();
    const virtual = this.virtualFor(real);
    if (virtual) {
      for (const n of virtual.list(real) ?? []) names.add(n);
    } else {
      if (!this.#opaque.has(real) && !this.hiddenLower(real)) {
        for (const n of this.#lower.list(real)) {
          if (!this.#whiteouts.has(joinPath(real, n))) names.add(n);
        }
      }
      for (const n of this.#upperChildren.get(real) ?? []) names.add(n);
      for (const v of this.#virtual) {
        if (parentPath(v.root) === real) names.add(baseName(v.root));
      }
    }
    return names;
  }

  /** Every path of the image still visible, and every path of the writable layer. */
  allPaths(): string[] {
    const out = new Set<string>();
    for (const p of this.#lower.paths()) if (this.lookup(p)) out.add(p);
    for (const p of this.#upper.keys()) out.add(p);
    return [...out];
  }
}
