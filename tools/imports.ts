/**
 * @module
 * The repo-local imports of a TypeScript source: what `tools/check_boundaries.ts` checks and what
 * the test runner follows to find the set-up a suite needs.
 */

const IMPORT = /(?:import|export)\s[^'"]*?from\s*["']([^"']+)["']|import\s*\(?\s*["']([^"']+)["']/g;

/** One relative import: the repo-relative path it names and where it stands in the text. */
export interface LocalImport {
  target: string;
  index: number;
}

/** The repo-relative path a relative specifier names from `from`, or null for a bare one. */
export function resolveImport(from: string, specifier: string): string | null {
  if (!specifier.startsWith(".")) return null;
  const parts = from.split("/").slice(0, -1);
  for (const seg of specifier.split("/")) {
    if (seg === "..") parts.pop();
    else if (seg !== ".") parts.push(seg);
  }
  return parts.join("/");
}

/** The relative imports of `file` (repo-relative), whose source is `text`. */
export function localImports(file: string, text: string): LocalImport[] {
  const out: LocalImport[] = [];
  for (const match of text.matchAll(IMPORT)) {
    const target = resolveImport(file, match[1] ?? match[2]);
    if (target !== null) out.push({ target, index: match.index });
  }
  return out;
}
