/**
 * @module
 * Atomic, durable small files. A file is replaced by writing a temporary sibling, fsyncing it,
 * renaming it over the target and fsyncing the directory, so after a crash the target holds
 * either the old or the new content, never a mix. JSON files carry a sha256 of their payload so
 * a file damaged anyway (a disk that lied about fsync, a hand edit) is detected and set aside
 * instead of being loaded as garbage.
 */

import { createHash } from "node:crypto";
import { syncDir } from "./_dir_sync.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: true });
let tempCounter = 0;

/** Marks temporary siblings, so loaders can recognise and delete leftovers of a crash. */
export const TEMP_MARK = ".tmp-";

/** The folder part of a path (POSIX separators). */
export function dirOf(path: string): string {
  const slash = path.lastIndexOf("/");
  return slash <= 0 ? (slash === 0 ? "/" : ".") : path.slice(0, slash);
}

/** Writes all of `bytes`: FsFile.write may write less than it was given. */
export async function writeAll(file: Deno.FsFile, bytes: Uint8Array): Promise<void> {
  let done = 0;
  while (done < bytes.length) done += await file.write(bytes.subarray(done));
}

/** Replaces `path` with `bytes` atomically; durable when the promise resolves. */
export async function writeFileAtomic(path: string, bytes: Uint8Array): Promise<void> {
  const temp = `${path}${TEMP_MARK}${Deno.pid}-${++tempCounter}`;
  const file = await Deno.open(temp, { write: true, create: true, truncate: true });
  try {
    await writeAll(file, bytes);
    await file.sync();
  } catch (err) {
    file.close();
    await Deno.remove(temp).catch(() => {});
    throw err;
  }
  file.close();
  await Deno.rename(temp, path);
  await syncDir(dirOf(path));
}

/** Removes `path` durably; a missing file is not an error. */
export async function removeFileDurable(path: string): Promise<void> {
  try {
    await Deno.remove(path);
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return;
    throw err;
  }
  await syncDir(dirOf(path));
}

const HEAD = '{"sha256":"';
const MID = '","data":';
const TAIL = "}\n";
const HASH_HEX = 64;

function sha256Hex(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** The checked file text for `value`: `{"sha256":"<hash of data text>","data":<data>}`. */
export function encodeCheckedJson(value: unknown): string {
  const data = JSON.stringify(value);
  if (data === undefined) throw new TypeError("value has no JSON form");
  return `${HEAD}${sha256Hex(data)}${MID}${data}${TAIL}`;
}

/** The value in a checked file text, or an error message saying why it cannot be trusted. */
export function decodeCheckedJson(text: string): { value: unknown } | { error: string } {
  const dataStart = HEAD.length + HASH_HEX + MID.length;
  if (
    !text.startsWith(HEAD) || text.slice(HEAD.length + HASH_HEX, dataStart) !== MID ||
    !text.endsWith(TAIL) || text.length < dataStart + TAIL.length
  ) return { error: "not a checksummed state file (torn or foreign)" };
  const hash = text.slice(HEAD.length, HEAD.length + HASH_HEX);
  const data = text.slice(dataStart, text.length - TAIL.length);
  if (sha256Hex(data) !== hash) return { error: "checksum mismatch" };
  try {
    return { value: JSON.parse(data) };
  } catch {
    return { error: "checksum matches but the data is not JSON" };
  }
}

/** Replaces `path` with `value` as checksummed JSON, atomically and durably. */
export function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  return writeFileAtomic(path, encoder.encode(encodeCheckedJson(value)));
}

/**
 * Reads a file written by writeJsonAtomic. A missing file answers undefined; a torn or corrupt
 * one is reported on stderr, renamed aside to `<path>.corrupt-<ms>` for inspection, and
 * answers undefined too.
 */
export async function readJsonChecked<T>(path: string): Promise<T | undefined> {
  let bytes: Uint8Array;
  try {
    bytes = await Deno.readFile(path);
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return undefined;
    throw err;
  }
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    return await setAside(path, "not UTF-8");
  }
  const decoded = decodeCheckedJson(text);
  if ("error" in decoded) return await setAside(path, decoded.error);
  return decoded.value as T;
}

async function setAside(path: string, why: string): Promise<undefined> {
  const aside = `${path}.corrupt-${Date.now()}`;
  console.error(`sockerless: state file ${path} is damaged (${why}); moved aside to ${aside}`);
  await Deno.rename(path, aside).catch(() => Deno.remove(path).catch(() => {}));
  return undefined;
}
