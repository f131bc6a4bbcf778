/**
 * @module
 * COPY and ADD: sources matched (wildcards too) in the build context or, with `--from`, in a
 * stage's or image's filesystem; written into the step's container as tars, with modes,
 * `--chown` owners and symlinks kept as links (never followed, so a link cannot reach outside
 * the context). ADD extracts a local tar (plain or gzip). Paths that climb out of the context
 * are refused.
 */

import { type TarEntry, tarOf } from "../../../sandbox/oci/mod.ts";
import { invalidParameter } from "../errors.ts";
import type { BuildContext, ContextEntry } from "./context.ts";
import type { StepContainer } from "./step_runner.ts";

/** The files a COPY reads from, by path without a leading slash. */
export type SourceTree = ReadonlyMap<string, ContextEntry>;

/** One file to write: its path below the destination and its entry. */
interface Planned {
  dest: string;
  entry: ContextEntry;
}

function normalize(path: string, keyword: string, original: string): string {
  const out: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") {
      if (out.length === 0) {
        throw invalidParameter(
          `${keyword} failed: forbidden path outside the build context: ${original} ()`,
        );
      }
      out.pop();
    } else out.push(part);
  }
  return out.join("/");
}

function globRegExp(glob: string): RegExp {
  const re = glob.replace(/[.+^${}()|\\]/g, "\\$&").replace(/\*/g, "[^/]*").replace(/\?/g, "[^/]");
  return new RegExp(`^${re}$`);
}

function under(tree: SourceTree, dir: string): [string, ContextEntry][] {
  const prefix = dir === "" ? "" : `${dir}/`;
  return [...tree.entries()].filter(([p]) => p.startsWith(prefix)).map(([p, e]) => [
    p.slice(prefix.length),
    e,
  ]);
}

function isDir(tree: SourceTree, path: string): boolean {
  if (path === "") return true;
  return tree.get(path)?.kind === "directory" || under(tree, path).length > 0;
}

/** Resolves the sources of a COPY into the files to write, relative to `dest`. */
export function planCopy(
  tree: SourceTree,
  sources: string[],
  dest: string,
  keyword: string,
): Planned[] {
  const planned: Planned[] = [];
  const toDir = dest.endsWith("/") || sources.length > 1;
  for (const source of sources) {
    const path = normalize(source, keyword, source);
    const matches = /[*?[]/.test(path)
      ? [...new Set([...tree.keys()].filter((p) => globRegExp(path).test(p)))]
      : tree.has(path) || isDir(tree, path)
      ? [path]
      : [];
    if (matches.length === 0) {
      throw invalidParameter(
        `${keyword} failed: file not found in build context or excluded by .dockerignore: ` +
          `stat ${source}: file does not exist`,
      );
    }
    for (const match of matches) {
      if (isDir(tree, match) && tree.get(match)?.kind !== "symlink") {
        for (const [rel, entry] of under(tree, match)) planned.push({ dest: rel, entry });
      } else {
        const name = match.slice(match.lastIndexOf("/") + 1);
        const entry = tree.get(match)!;
        planned.push({ dest: toDir || matches.length > 1 ? name : "", entry });
      }
    }
  }
  return planned;
}

/** A content hash of the planned files, for the build cache. */
export async function planDigest(planned: Planned[]): Promise<string> {
  const parts: Uint8Array[] = [];
  const enc = new TextEncoder();
  for (const { dest, entry } of planned) {
    parts.push(enc.encode(`${dest}\0${entry.kind}\0${entry.mode}\0${entry.linkname ?? ""}\0`));
    parts.push(enc.encode(String(entry.data.byteLength)), entry.data);
  }
  const all = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    all.set(p, at);
    at += p.byteLength;
  }
  const hash = new Uint8Array(await crypto.subtle.digest("SHA-256", all));
  return Array.from(hash, (b) => b.toString(16).padStart(2, "0")).join("");
}

function isArchive(data: Uint8Array): boolean {
  const gzip = data[0] === 0x1f && data[1] === 0x8b;
  const ustar = new TextDecoder().decode(data.subarray(257, 262)) === "ustar";
  return gzip || ustar;
}

/** An archive to extract as it is: plain, or gzip undone. */
function archiveStream(data: Uint8Array): ReadableStream<Uint8Array> {
  const stream = new Blob([data as Uint8Array<ArrayBuffer>]).stream();
  if (data[0] !== 0x1f) return stream;
  return stream.pipeThrough(
    new DecompressionStream("gzip") as TransformStream<Uint8Array, Uint8Array>,
  );
}

/** The tar entry that writes `entry` at the absolute `target`. */
function headerOf(target: string, entry: ContextEntry, owner?: { uid: number; gid: number }) {
  const name = target.slice(1);
  const base = { mode: entry.mode, uid: owner?.uid ?? 0, gid: owner?.gid ?? 0 };
  if (entry.kind === "directory") {
    return { header: { ...base, name: `${name}/`, type: "directory" as const, size: 0 } };
  }
  if (entry.kind === "symlink") {
    const linkname = entry.linkname ?? "";
    return { header: { ...base, name, type: "symlink" as const, size: 0, linkname } };
  }
  const header = { ...base, name, type: "file" as const, size: entry.data.byteLength };
  return { header, body: entry.data };
}

/**
 * Writes the planned files under `dest` (absolute) in the step's container: runs of plain
 * entries as one tar into `/` (owners kept for `--chown`), each archive ADD extracts on its own.
 */
export async function writeCopy(
  container: StepContainer,
  planned: Planned[],
  dest: string,
  options: { owner?: { uid: number; gid: number }; extract: boolean },
): Promise<void> {
  const base = dest.replace(/\/+$/, "") || "/";
  const join = (rel: string) => rel === "" ? base : `${base === "/" ? "" : base}/${rel}`;
  const copyUIDGID = options.owner !== undefined;
  const archives = planned.some((p) => options.extract && isExtracted(p.entry));
  const needsBase = archives || planned.length === 0 || planned.some((p) => p.dest !== "");
  // The destination folder is made as mkdir -p makes it; an existing one keeps its mode.
  if (needsBase && !(await container.isDirectory(base))) {
    const dir: ContextEntry = { kind: "directory", mode: 0o755, data: new Uint8Array(0) };
    await container.putArchive("/", tarOf([headerOf(base, dir)]));
  }
  let batch: TarEntry[] = [];
  const flush = async () => {
    if (batch.length > 0) await container.putArchive("/", tarOf(batch), { copyUIDGID });
    batch = [];
  };
  for (const { dest: rel, entry } of planned) {
    if (options.extract && isExtracted(entry)) {
      await flush();
      await container.putArchive(base, archiveStream(entry.data));
    } else batch.push(headerOf(join(rel), entry, options.owner));
  }
  await flush();
}

function isExtracted(entry: ContextEntry): boolean {
  return entry.kind === "file" && isArchive(entry.data);
}

/** Resolves `--chown=user:group` against the container's `/etc/passwd` and `/etc/group`. */
export async function resolveOwner(
  container: StepContainer,
  spec: string,
): Promise<{ uid: number; gid: number }> {
  const [user, group] = spec.split(":");
  const table = async (file: string) =>
    new TextDecoder().decode(await container.readFile(file) ?? new Uint8Array(0))
      .split("\n").map((l) => l.split(":"));
  const lookup = async (name: string, file: string, field: number) => {
    if (/^\d+$/.test(name)) return Number(name);
    const row = (await table(file)).find((r) => r[0] === name);
    if (!row) throw invalidParameter(`unable to convert uid/gid chown string to host mapping`);
    return Number(row[field]);
  };
  const uid = await lookup(user, "/etc/passwd", 2);
  const gid = group !== undefined ? await lookup(group, "/etc/group", 2) : uid;
  return { uid, gid };
}

export type { BuildContext };
