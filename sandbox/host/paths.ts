/**
 * @module
 * Paths of the host runtime, confined to its root directory: a container path is read under
 * the root, and one that leaves it (`..` past the root, a symlink pointing out) is refused with
 * `InvalidParameter` before anything is touched.
 */

import { invalidParameter } from "../errors.ts";

/** `a/./b/../c` → `/a/c`; `..` past the top is kept as a leading `..` so callers can refuse it. */
export function normalize(path: string): string {
  const out: string[] = [];
  for (const part of path.split("/")) {
    if (!part || part === ".") continue;
    if (part === ".." && out.length && out[out.length - 1] !== "..") out.pop();
    else out.push(part);
  }
  return "/" + out.join("/");
}

/** Whether `path` (normalized, absolute) is `root` or below it. */
export function isWithin(root: string, path: string): boolean {
  return root === "/" || path === root || path.startsWith(root + "/");
}

/** The parent of a normalized absolute path. */
export function parentOf(path: string): string {
  const cut = path.lastIndexOf("/");
  return cut <= 0 ? "/" : path.slice(0, cut);
}

/** The last segment of a normalized absolute path (`.` for `/`). */
export function baseOf(path: string): string {
  return path === "/" ? "." : path.slice(path.lastIndexOf("/") + 1);
}

function escapes(path: string): never {
  throw invalidParameter(`The path ${path} leaves the container's root`);
}

/** The real path of the deepest existing ancestor of `path` (itself when it exists). */
async function realAncestor(path: string): Promise<string> {
  for (let p = path;; p = parentOf(p)) {
    try {
      const real = await Deno.realPath(p);
      return p === path ? real : real + path.slice(p.length);
    } catch (err) {
      if (!(err instanceof Deno.errors.NotFound) || p === "/") throw err;
    }
  }
}

/** A container's view of the host filesystem under `root`. */
export class HostPaths {
  constructor(readonly root: string) {}

  /** The host path of container path `path`, not resolving symlinks; refuses `..` past `/`. */
  lexical(path: string): string {
    if (!path.startsWith("/")) path = "/" + path;
    const clean = normalize(path);
    if (clean.startsWith("/..")) escapes(path);
    return this.root === "/" ? clean : normalize(this.root + clean);
  }

  /**
   * The host path of `path` with every symlink on the way resolved (the last one too when
   * `followLast`), checked to stay under the root.
   */
  async resolve(path: string, followLast = true): Promise<string> {
    const host = this.lexical(path);
    if (host === this.root) return host;
    const real = followLast
      ? await realAncestor(host)
      : normalize(`${await realAncestor(parentOf(host))}/${baseOf(host)}`);
    if (!isWithin(await Deno.realPath(this.root), real)) escapes(path);
    return real;
  }
}
