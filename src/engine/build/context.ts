/**
 * @module
 * A build context: the request's tar (plain or gzip, detected from its first bytes) read entry
 * by entry into memory. Entries whose names climb out of the context (`..`) are refused;
 * symlinks are kept as links and never followed when COPY reads the context, so a link pointing
 * outside cannot expose host files. File contents are spilled to a temporary folder as they
 * stream in (a large context never sits in memory) and read back when a step needs them;
 * `disposeContext` removes the folder.
 */

import { createTarDecoder } from "modern-tar";
import { invalidParameter } from "../errors.ts";
import { gunzipIfNeeded } from "../images/tar_check.ts";

/** One entry of the context. */
export interface ContextEntry {
  kind: "file" | "directory" | "symlink";
  mode: number;
  data: Uint8Array;
  linkname?: string;
}

/** The context: entries by path relative to its root (`dir/file`, no leading slash). */
export type BuildContext = Map<string, ContextEntry>;

function cleanName(name: string): string {
  const parts = name.split("/").filter((p) => p !== "" && p !== ".");
  if (parts.some((p) => p === "..")) {
    throw invalidParameter(`invalid build context entry: ${name}`);
  }
  return parts.join("/");
}

/**
 * Reads a context tar, spilling file contents under `scratch` (the data root's `tmp/`, emptied
 * at start, so a build cut short by a crash leaves nothing).
 */
export async function readContext(
  stream: ReadableStream<Uint8Array> | null,
  scratch?: string,
): Promise<BuildContext> {
  const context: BuildContext = new Map();
  if (!stream) return context;
  const dir = await Deno.makeTempDir({ dir: scratch, prefix: "context-" });
  SPILL_DIRS.set(context, dir);
  let count = 0;
  const tar = await gunzipIfNeeded(stream);
  for await (const entry of tar.pipeThrough(createTarDecoder())) {
    const path = cleanName(entry.header.name);
    const type = entry.header.type ?? "file";
    const mode = (entry.header.mode ?? 0o644) & 0o7777;
    if (!path) {
      await entry.body.cancel();
      continue;
    }
    if (type === "directory") {
      await entry.body.cancel();
      context.set(path, { kind: "directory", mode, data: new Uint8Array(0) });
    } else if (type === "symlink") {
      await entry.body.cancel();
      context.set(path, {
        kind: "symlink",
        mode,
        data: new Uint8Array(0),
        linkname: entry.header.linkname ?? "",
      });
    } else if (type === "file") {
      const file = `${dir}/${count++}`;
      await entry.body.pipeTo((await Deno.open(file, { write: true, createNew: true })).writable);
      context.set(path, {
        kind: "file",
        mode,
        get data() {
          return Deno.readFileSync(file);
        },
      });
    } else {
      await entry.body.cancel();
    }
  }
  return context;
}

const SPILL_DIRS = new WeakMap<BuildContext, string>();

/** Removes the folder a context's files were spilled to. */
export async function disposeContext(context: BuildContext): Promise<void> {
  const dir = SPILL_DIRS.get(context);
  if (dir) await Deno.remove(dir, { recursive: true }).catch(() => {});
}

/** A context file's text, or undefined when absent. */
export function contextText(context: BuildContext, path: string): string | undefined {
  const entry = context.get(cleanName(path));
  return entry?.kind === "file" ? new TextDecoder().decode(entry.data) : undefined;
}
