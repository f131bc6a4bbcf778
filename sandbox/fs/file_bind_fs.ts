/**
 * A bind mount of one host file (`docker run -v /host/app.conf:/etc/app.conf`). Mounted at the
 * file's container path, this filesystem's root `/` is that file: reads and writes go to the
 * host file (a write is truncate-and-write of the same file, as `>` does, so the host sees it
 * at once and the container sees host edits), `chmod` and `touch` reach it too, and nothing can
 * be created inside it. Read-only mounts refuse every change with EROFS. Removing or renaming
 * the mount point itself is refused with EBUSY one level up, by the mount table.
 *
 * Errors name the container path, never the host one: a command prints them as
 * `cat: can't open '/etc/app.conf': …`.
 *
 * @module
 */

import { chmod as hostChmod, lstat, readFile, stat, utimes, writeFile } from "node:fs/promises";
import type { FsStat, IFileSystem } from "just-bash";
import { decodeContent, encodeContent, type EncodingOption } from "./_encoding.ts";
import { errnoError } from "./_errno.ts";
import { normalizePath } from "./_path.ts";

/** The host file behind one file bind mount. */
export class FileBindFs implements IFileSystem {
  /**
   * @param source Host path of the file.
   * @param target Container path of the mount point (used in error messages).
   */
  constructor(
    readonly source: string,
    readonly target: string,
    readonly readOnly = false,
  ) {}

  /** Runs a host call on the file, reporting a failure as `code` on the container path. */
  async #host<T>(syscall: string, path: string, fn: () => Promise<T>): Promise<T> {
    this.#root(syscall, path); // inside an async function: a rejection, never a throw
    try {
      return await fn();
    } catch (err) {
      throw errnoError((err as { code?: string }).code ?? "EIO", syscall, this.target);
    }
  }

  /** Only the root (the file itself) exists here: anything below it is "not a directory". */
  #root(syscall: string, path: string): void {
    if (normalizePath(path) !== "/") throw errnoError("ENOTDIR", syscall, this.#shown(path));
  }

  #shown(path: string): string {
    const p = normalizePath(path);
    return p === "/" ? this.target : this.target + p;
  }

  #writable(syscall: string, path: string): void {
    this.#root(syscall, path);
    if (this.readOnly) throw errnoError("EROFS", syscall, this.target);
  }

  async readFile(path: string, options?: EncodingOption): Promise<string> {
    return decodeContent(await this.readFileBuffer(path), options);
  }

  async readFileBuffer(path: string): Promise<Uint8Array> {
    const data = await this.#host("open", path, () => readFile(this.source));
    return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  }

  writeFile(path: string, content: string | Uint8Array, options?: EncodingOption): Promise<void> {
    return this.#write(path, content, options, "w");
  }

  appendFile(path: string, content: string | Uint8Array, options?: EncodingOption): Promise<void> {
    return this.#write(path, content, options, "a");
  }

  /** Truncates (`w`) or appends to (`a`) the host file. */
  async #write(
    path: string,
    content: string | Uint8Array,
    options: EncodingOption | undefined,
    flag: "w" | "a",
  ): Promise<void> {
    this.#writable("open", path);
    const data = encodeContent(content, options);
    await this.#host("open", path, () => writeFile(this.source, data, { flag }));
  }

  async exists(path: string): Promise<boolean> {
    if (normalizePath(path) !== "/") return false;
    return await lstat(this.source).then(() => true, () => false);
  }

  stat(path: string): Promise<FsStat> {
    return this.#host("stat", path, async () => toStat(await stat(this.source)));
  }

  // The mount point is the file, never a link: a symlink source was resolved when mounting.
  lstat(path: string): Promise<FsStat> {
    return this.stat(path);
  }

  mkdir(path: string): Promise<void> {
    return Promise.reject(
      errnoError(normalizePath(path) === "/" ? "EEXIST" : "ENOTDIR", "mkdir", this.#shown(path)),
    );
  }

  readdir(path: string): Promise<string[]> {
    return Promise.reject(errnoError("ENOTDIR", "scandir", this.#shown(path)));
  }

  rm(path: string): Promise<void> {
    const p = normalizePath(path);
    return Promise.reject(errnoError(p === "/" ? "EBUSY" : "ENOTDIR", "unlinkat", this.#shown(p)));
  }

  /** Copying the file onto itself rewrites it; there is nothing else inside to copy to. */
  async cp(src: string, dest: string): Promise<void> {
    this.#writable("open", dest);
    await this.writeFile("/", await this.readFileBuffer(src));
  }

  mv(src: string): Promise<void> {
    return Promise.reject(errnoError("EBUSY", "rename", this.#shown(src)));
  }

  resolvePath(base: string, path: string): string {
    return normalizePath(path, base);
  }

  getAllPaths(): string[] {
    return ["/"];
  }

  async chmod(path: string, mode: number): Promise<void> {
    this.#writable("chmod", path);
    await this.#host("chmod", path, () => hostChmod(this.source, mode & 0o7777));
  }

  symlink(_target: string, linkPath: string): Promise<void> {
    return Promise.reject(errnoError("EEXIST", "symlink", this.#shown(linkPath)));
  }

  link(_existing: string, newPath: string): Promise<void> {
    return Promise.reject(errnoError("EEXIST", "link", this.#shown(newPath)));
  }

  readlink(path: string): Promise<string> {
    return Promise.reject(errnoError("EINVAL", "readlink", this.#shown(path)));
  }

  async realpath(path: string): Promise<string> {
    await this.stat(path);
    return "/";
  }

  async utimes(path: string, atime: Date, mtime: Date): Promise<void> {
    this.#writable("utimes", path);
    await this.#host("utimes", path, () => utimes(this.source, atime, mtime));
  }
}

function toStat(st: Awaited<ReturnType<typeof stat>>): FsStat {
  return {
    isFile: st.isFile(),
    isDirectory: st.isDirectory(),
    isSymbolicLink: false,
    mode: Number(st.mode) & 0o7777,
    size: Number(st.size),
    mtime: st.mtime,
    dev: st.dev,
    ino: st.ino,
  };
}
