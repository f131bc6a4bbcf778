/**
 * @module
 * The first pass of an extract: every entry of the tar is resolved to the host path it will
 * make, following the symlinks already on disk and those the tar itself makes before it, and
 * refused when it would leave the root. Nothing is touched, so a refused tar changes nothing.
 */

import { invalidParameter } from "../errors.ts";
import type { TarHeader } from "modern-tar";
import { isWithin, normalize, parentOf } from "./paths.ts";

/** What an extract will do for one entry. */
export interface PlannedEntry {
  kind: "directory" | "file" | "symlink" | "link" | "skip";
  /** The host path the entry makes (its parent already resolved). */
  path: string;
  /** For a hard link: the host path of the file it links to. */
  linkTarget?: string;
}

type Node = { kind: "directory" | "file" } | { kind: "symlink"; target: string };

const MAX_HOPS = 40;

function refuse(name: string, why: string): never {
  throw invalidParameter(`The archive entry ${name} ${why}`);
}

/** The namespace as the extract will leave it: the disk, overlaid with the planned entries. */
export class ExtractPlan {
  readonly #planned = new Map<string, Node>();
  readonly entries: PlannedEntry[] = [];

  /** `root` is the real path of the container's root, `dest` the real path of the target dir. */
  constructor(
    readonly root: string,
    readonly dest: string,
    readonly noOverwriteDirNonDir = false,
  ) {}

  async #node(path: string): Promise<Node | undefined> {
    const planned = this.#planned.get(path);
    if (planned) return planned;
    try {
      const st = await Deno.lstat(path);
      if (st.isSymlink) return { kind: "symlink", target: await Deno.readLink(path) };
      return { kind: st.isDirectory ? "directory" : "file" };
    } catch (err) {
      if (err instanceof Deno.errors.NotFound) return undefined;
      throw err;
    }
  }

  /** Resolves every symlink of `path` (absolute, normalized), checking the root at each hop. */
  async #resolve(name: string, path: string, followLast: boolean): Promise<string> {
    let pending = path.split("/").filter(Boolean);
    let at = "/";
    for (let hops = 0; pending.length;) {
      const [part, ...rest] = pending;
      const next = part === ".." ? parentOf(at) : normalize(`${at}/${part}`);
      const node = await this.#node(next);
      if (node?.kind === "symlink" && (rest.length || followLast)) {
        if (++hops > MAX_HOPS) refuse(name, "has too many levels of symbolic links");
        const base = node.target.startsWith("/") ? "/" : at;
        pending = [...normalize(`${base}/${node.target}`).split("/").filter(Boolean), ...rest];
        at = "/";
        continue;
      }
      if (node?.kind === "file" && rest.length) refuse(name, "goes through a file");
      at = next;
      pending = rest;
    }
    if (!isWithin(this.root, at)) refuse(name, "leaves the container's root");
    return at;
  }

  /** Adds one entry to the plan, or refuses the tar. */
  async add(header: TarHeader): Promise<void> {
    const name = header.name;
    const relative = normalize(name);
    if (relative.startsWith("/..")) refuse(name, "leaves the destination");
    if (relative === "/") return void this.entries.push({ kind: "skip", path: this.dest });
    const lexical = normalize(this.dest + relative);
    const path = normalize(
      `${await this.#resolve(name, parentOf(lexical), true)}/${
        lexical.slice(lexical.lastIndexOf("/") + 1)
      }`,
    );
    if (!isWithin(this.root, path)) refuse(name, "leaves the container's root");
    const existing = await this.#node(path);
    const kind = header.type === "directory"
      ? "directory"
      : header.type === "symlink"
      ? "symlink"
      : header.type === "link"
      ? "link"
      : header.type === "file" || header.type === undefined
      ? "file"
      : "skip";
    if (kind === "skip") return void this.entries.push({ kind, path });
    if (
      this.noOverwriteDirNonDir && existing &&
      (existing.kind === "directory") !== (kind === "directory")
    ) {
      refuse(name, "would replace a directory with a non-directory or the other way round");
    }
    const entry: PlannedEntry = { kind, path };
    if (kind === "link") entry.linkTarget = await this.#linkTarget(name, header.linkname ?? "");
    if (kind === "directory" && existing?.kind === "directory") {
      this.#planned.set(path, existing);
    } else {
      this.#planned.set(
        path,
        kind === "symlink"
          ? { kind, target: header.linkname ?? "" }
          : { kind: kind === "directory" ? kind : "file" },
      );
    }
    this.entries.push(entry);
  }

  async #linkTarget(name: string, linkname: string): Promise<string> {
    const relative = normalize(linkname);
    if (relative.startsWith("/..")) refuse(name, "links to a file outside the destination");
    const target = await this.#resolve(name, normalize(this.dest + relative), true);
    if ((await this.#node(target))?.kind !== "file") refuse(name, "links to no file");
    return target;
  }
}
