/**
 * @module
 * Extracts a tar into a host directory in two passes: the tar is spooled to a temporary file
 * (streamed, never held in memory), every entry is planned and checked (`tar_plan.ts`), and
 * only a tar that passes whole is applied. A tar that cannot be read, or has an entry that
 * leaves the root, is refused with `InvalidParameter` and changes nothing.
 */

import { createTarDecoder, type TarHeader } from "modern-tar";
import { invalidParameter } from "../errors.ts";
import type { PutArchiveOptions } from "../runtime.ts";
import { ExtractPlan, type PlannedEntry } from "./tar_plan.ts";

async function spool(tar: ReadableStream<Uint8Array>, signal?: AbortSignal): Promise<string> {
  const path = await Deno.makeTempFile({ prefix: "sockerless-put-" });
  try {
    const file = await Deno.open(path, { write: true, truncate: true });
    await tar.pipeTo(file.writable, { signal });
    return path;
  } catch (err) {
    await Deno.remove(path).catch(() => {});
    throw err;
  }
}

/** The tar's entries, each body drained or cancelled by `each` before the next is read. */
async function forEachEntry(
  path: string,
  each: (header: TarHeader, body: ReadableStream<Uint8Array>, index: number) => Promise<void>,
): Promise<void> {
  const file = await Deno.open(path, { read: true });
  const entries = file.readable.pipeThrough(createTarDecoder({ strict: true }))
    [Symbol.asyncIterator]();
  try {
    for (let index = 0;; index++) {
      let next: IteratorResult<{ header: TarHeader; body: ReadableStream<Uint8Array> }>;
      try {
        next = await entries.next();
      } catch (err) {
        throw invalidParameter(`The archive is not a valid tar: ${(err as Error).message}`);
      }
      if (next.done) return;
      await each(next.value.header, next.value.body, index);
    }
  } finally {
    // A refused entry ends the walk early: the spooled file must not stay open behind it.
    await entries.return?.().catch(() => {});
  }
}

async function removeExisting(path: string, keepDirectory: boolean): Promise<void> {
  const st = await Deno.lstat(path).catch(() => undefined);
  if (!st || (keepDirectory && st.isDirectory)) return;
  await Deno.remove(path, { recursive: true });
}

async function apply(
  entry: PlannedEntry,
  header: TarHeader,
  body: ReadableStream<Uint8Array>,
  options: PutArchiveOptions,
): Promise<void> {
  const mode = (header.mode ?? (entry.kind === "directory" ? 0o755 : 0o644)) & 0o7777;
  if (entry.kind !== "file") await body.cancel();
  if (entry.kind === "skip") return;
  await removeExisting(entry.path, entry.kind === "directory");
  await Deno.mkdir(entry.path.slice(0, entry.path.lastIndexOf("/")) || "/", { recursive: true });
  if (entry.kind === "directory") await Deno.mkdir(entry.path, { recursive: true });
  else if (entry.kind === "symlink") return await Deno.symlink(header.linkname ?? "", entry.path);
  else if (entry.kind === "link") return await Deno.link(entry.linkTarget!, entry.path);
  else {
    const file = await Deno.open(entry.path, { write: true, create: true, truncate: true });
    await body.pipeTo(file.writable);
  }
  await Deno.chmod(entry.path, mode);
  if (Deno.uid() === 0) {
    const uid = options.copyUIDGID ? header.uid ?? 0 : 0;
    const gid = options.copyUIDGID ? header.gid ?? 0 : 0;
    await Deno.chown(entry.path, uid, gid);
  }
  if (header.mtime) await Deno.utime(entry.path, header.mtime, header.mtime);
}

/**
 * Extracts `tar` into host directory `dest` (a real path under real path `root`).
 */
export async function importHostTar(
  root: string,
  dest: string,
  tar: ReadableStream<Uint8Array>,
  options: PutArchiveOptions = {},
  signal?: AbortSignal,
): Promise<void> {
  const spooled = await spool(tar, signal);
  try {
    const plan = new ExtractPlan(root, dest, options.noOverwriteDirNonDir);
    await forEachEntry(spooled, async (header, body) => {
      await body.cancel();
      await plan.add(header);
    });
    signal?.throwIfAborted();
    await forEachEntry(spooled, (header, body, i) => apply(plan.entries[i], header, body, options));
  } finally {
    await Deno.remove(spooled).catch(() => {});
  }
}
