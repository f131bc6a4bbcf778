/**
 * @module
 * Finds the test files a selection names (deno test's own naming: `*_test.ts`, `*.test.ts`,
 * `test.ts`, outside deno.json's excludes) and the setups each needs, following its imports
 * through the table of `needs.ts`.
 */

import { localImports } from "../imports.ts";
import type { SetupName } from "./catalogue.ts";
import { NEEDS } from "./needs.ts";

const TEST_FILE = /(^|[_.])test\.(ts|tsx|mts|js|mjs|jsx)$/;

/** Folders deno.json keeps out of tests (`exclude`, `test.exclude`), and .git. */
async function excluded(root: string): Promise<string[]> {
  const config = JSON.parse(await Deno.readTextFile(`${root}/deno.json`));
  const all: string[] = [...(config.exclude ?? []), ...(config.test?.exclude ?? []), ".git/"];
  return all.map((p) => p.replace(/^\.\//, "").replace(/\/?$/, "/"));
}

/** The test files under each repo-relative path (a file is taken as given), sorted. */
export async function testFiles(root: string, paths: string[]): Promise<string[]> {
  const skip = await excluded(root);
  const out = new Set<string>();
  async function visit(rel: string): Promise<void> {
    for await (const entry of Deno.readDir(`${root}/${rel || "."}`)) {
      const path = rel ? `${rel}/${entry.name}` : entry.name;
      if (skip.some((s) => `${path}/`.startsWith(s))) continue;
      if (entry.isDirectory) await visit(path);
      else if (entry.isFile && TEST_FILE.test(entry.name)) out.add(path);
    }
  }
  for (const path of paths) {
    const rel = path.replace(/^\.\/?/, "").replace(/\/$/, "");
    const stat = await Deno.stat(`${root}/${rel || "."}`);
    if (stat.isDirectory) await visit(rel);
    else out.add(rel);
  }
  return [...out].sort();
}

/** The marks (setup names, runtime combinations) a path → marks table gives `path` itself. */
function declared<T>(path: string, table: Readonly<Record<string, readonly T[]>>): T[] {
  return Object.entries(table).flatMap(([key, names]) =>
    key === path || (key.endsWith("/") && path.startsWith(key)) ? [...names] : []
  );
}

/**
 * Each file's setups: its own and those of every module it reaches. `read` gives a module's
 * source, or null when it is not a readable repo file (an import that fails there fails the
 * type check, not this).
 */
export function setupsOf(
  files: string[],
  read: (path: string) => Promise<string | null>,
  table: typeof NEEDS = NEEDS,
): Promise<Map<string, SetupName[]>> {
  return marksOf(files, read, table);
}

/** Each file's marks from `table`: its own and those of every module it reaches. */
export async function marksOf<T>(
  files: string[],
  read: (path: string) => Promise<string | null>,
  table: Readonly<Record<string, readonly T[]>>,
): Promise<Map<string, T[]>> {
  const imports = new Map<string, string[]>();
  async function importsOf(path: string): Promise<string[]> {
    let found = imports.get(path);
    if (!found) {
      const text = await read(path);
      found = text === null ? [] : localImports(path, text).map((i) => i.target);
      imports.set(path, found);
    }
    return found;
  }
  const out = new Map<string, T[]>();
  for (const file of files) {
    const seen = new Set<string>([file]);
    const queue = [file];
    const names = new Set<T>();
    while (queue.length) {
      const path = queue.shift()!;
      for (const name of declared(path, table)) names.add(name);
      for (const next of await importsOf(path)) {
        if (seen.has(next)) continue;
        seen.add(next);
        queue.push(next);
      }
    }
    out.set(file, [...names].sort());
  }
  return out;
}

/** Reads repo-relative TypeScript sources; anything else (json, npm:) counts as no imports. */
export function repoReader(root: string): (path: string) => Promise<string | null> {
  return async (path) => {
    if (!/\.(ts|tsx|mts|js|mjs|jsx)$/.test(path)) return null;
    return await Deno.readTextFile(`${root}/${path}`).catch(() => null);
  };
}
