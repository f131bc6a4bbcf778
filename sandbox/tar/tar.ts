/**
 * Streaming tar export and import over any just-bash filesystem, for
 * `docker cp`, export and commit. Archives are produced and consumed entry by
 * entry; at most one file body is held in memory.
 *
 * @module
 */

import type { IFileSystem } from "just-bash";
import {
  createTarDecoder,
  createTarPacker,
  type TarHeader,
  type TarPackController,
} from "modern-tar";
import { baseName, joinPath, normalizePath, parentPath } from "../fs/_path.ts";
import { addEntry } from "../oci/tar_pack.ts";

/** Options for {@linkcode importTar}. */
export interface ImportOptions {
  /** Refuse to replace a directory with a non-directory (docker's noOverwriteDirNonDir). */
  noOverwriteDirNonDir?: boolean;
  /** Gives each extracted entry the tar's uid/gid (`docker cp -a`, `COPY --chown`). */
  chown?: (path: string, uid: number, gid: number) => Promise<void>;
}

async function packTree(
  fs: IFileSystem,
  path: string,
  name: string,
  c: TarPackController,
  keepDot = false,
): Promise<void> {
  const st = await fs.lstat(path);
  const mode = st.mode & 0o7777;
  if (st.isSymbolicLink) {
    await addEntry(c, {
      name,
      type: "symlink",
      size: 0,
      mode,
      mtime: st.mtime,
      linkname: await fs.readlink(path),
    });
  } else if (st.isDirectory) {
    await addEntry(c, { name: name + "/", type: "directory", size: 0, mode, mtime: st.mtime });
    for (const child of await fs.readdir(path)) {
      if (path === "/" && child === "proc") continue;
      const childName = name === "." && !keepDot ? child : `${name}/${child}`;
      await packTree(fs, joinPath(path, child), childName, c, keepDot);
    }
  } else {
    const data = await fs.readFileBuffer(path);
    await addEntry(c, { name, type: "file", size: data.byteLength, mode, mtime: st.mtime }, data);
  }
}

/**
 * Streams a tar of `path`; entries are named from the path's last segment (`.` for `/`), or
 * from `name` (`.`: relative to `path` itself). With `keepDot` a `.` name prefixes the entries
 * (`./`, `./file`), as dockerd's archive of `dir/.` names them so clients can rebase them.
 */
export function exportTar(
  fs: IFileSystem,
  path: string,
  name = path === "/" ? "." : baseName(path),
  keepDot = false,
): ReadableStream<Uint8Array> {
  const { readable, controller } = createTarPacker();
  packTree(fs, path, name, controller, keepDot).then(
    () => controller.finalize(),
    (err) => controller.error(err),
  );
  return readable;
}

/** Resolves a tar entry name under `dest`, or throws if it would leave it. */
function entryPath(dest: string, name: string): string {
  const parts = name.split("/").filter((p) => p && p !== ".");
  let depth = 0;
  for (const part of parts) {
    depth += part === ".." ? -1 : 1;
    if (depth < 0) throw new Error(`Tar entry escapes the destination: ${name}`);
  }
  return normalizePath(parts.join("/"), dest);
}

async function within(fs: IFileSystem, root: string, path: string): Promise<boolean> {
  const real = await fs.realpath(path).catch(() => undefined);
  return real !== undefined && (real === root || real.startsWith(root === "/" ? "/" : root + "/"));
}

async function readBody(body: ReadableStream<Uint8Array>, size: number): Promise<Uint8Array> {
  const out = new Uint8Array(size);
  let off = 0;
  for await (const chunk of body) {
    out.set(chunk.subarray(0, size - off), off);
    off += chunk.byteLength;
  }
  return out;
}

/** Extracts a tar stream into directory `dest` of `fs`. */
export async function importTar(
  fs: IFileSystem,
  dest: string,
  stream: ReadableStream<Uint8Array>,
  opts: ImportOptions = {},
): Promise<void> {
  const st = await fs.stat(dest).catch(() => undefined);
  if (!st?.isDirectory) throw new Error(`Destination is not a directory: ${dest}`);
  const root = await fs.realpath(dest);
  for await (const entry of stream.pipeThrough(createTarDecoder())) {
    const target = entryPath(root, entry.header.name);
    if (target === root) {
      await entry.body.cancel();
      continue;
    }
    await importEntry(fs, root, target, entry, opts);
    if (opts.chown) await opts.chown(target, entry.header.uid ?? 0, entry.header.gid ?? 0);
  }
}

/** Writes one tar entry at `target` (inside `root`). */
async function importEntry(
  fs: IFileSystem,
  root: string,
  target: string,
  entry: { header: TarHeader; body: ReadableStream<Uint8Array> },
  opts: ImportOptions,
): Promise<void> {
  const h = entry.header;
  await fs.mkdir(parentPath(target), { recursive: true });
  if (!(await within(fs, root, parentPath(target)))) {
    await entry.body.cancel();
    throw new Error(`Tar entry escapes the destination: ${h.name}`);
  }
  const existing = await fs.lstat(target).catch(() => undefined);
  if (h.type === "directory") {
    await entry.body.cancel();
    if (!existing?.isDirectory) {
      if (existing) await fs.rm(target, { recursive: true, force: true });
      await fs.mkdir(target, { recursive: true });
    }
    if (h.mode !== undefined) await fs.chmod(target, h.mode);
    return;
  }
  if (existing?.isDirectory && opts.noOverwriteDirNonDir) {
    await entry.body.cancel();
    throw new Error(`Cannot overwrite directory ${target} with non-directory`);
  }
  if (existing) await fs.rm(target, { recursive: true, force: true });
  if (h.type === "symlink") {
    await entry.body.cancel();
    await fs.symlink(h.linkname ?? "", target);
  } else if (h.type === "link") {
    await entry.body.cancel();
    const source = entryPath(root, h.linkname ?? "");
    if (!(await within(fs, root, source))) {
      throw new Error(`Tar link escapes the destination: ${h.name}`);
    }
    await fs.writeFile(target, await fs.readFileBuffer(source));
  } else if (h.type === "file" || h.type === undefined) {
    await fs.writeFile(target, await readBody(entry.body, h.size));
    if (h.mode !== undefined) await fs.chmod(target, h.mode & 0o7777);
  } else {
    await entry.body.cancel();
  }
}
