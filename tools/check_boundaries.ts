/**
 * @module
 * Walks the import graph and fails on a forbidden import (the rules of DESIGN.md "Layout and
 * boundaries"). `deno task check` runs it; `findViolations` is the testable core.
 *
 *     deno run --allow-read tools/check_boundaries.ts
 */

import { localImports } from "./imports.ts";
import { walkSources } from "./walk.ts";

/** A forbidden import. */
export interface Violation {
  file: string;
  line: number;
  target: string;
  rule: string;
}

interface Rule {
  name: string;
  /** True when `from` may not import `to` (both repo-relative). */
  forbids(from: string, to: string): boolean;
}

const under = (path: string, dir: string) => path === dir || path.startsWith(`${dir}/`);
const ISOLATED = ["sandbox", "simulators", "hubs"];
const topOf = (path: string) => path.split("/")[0];
const backendOf = (path: string) => /^src\/backends\/([^/]+)\//.exec(path)?.[1];

/** The import rules. */
export const RULES: readonly Rule[] = [
  {
    name: "generated/ imports nothing from the repo",
    forbids: (from, to) => under(from, "generated") && !under(to, "generated"),
  },
  {
    name: "src/api/ never imports the server, a concrete backend or the entry point",
    forbids: (from, to) =>
      under(from, "src/api") &&
      (under(to, "src/server") || under(to, "src/backends") || to === "src/main.ts"),
  },
  {
    name: "src/backends/<name>/ never imports src/api/, src/server/ or another backend",
    forbids: (from, to) => {
      const own = backendOf(from);
      if (!own) return false;
      const other = backendOf(to);
      return under(to, "src/api") || under(to, "src/server") || to === "src/main.ts" ||
        (other !== undefined && other !== own);
    },
  },
  {
    // Tests beside the code compose an App like main does, so they may name a backend too.
    name: "only src/main.ts picks concrete backends",
    forbids: (from, to) =>
      under(from, "src") && !under(from, "src/backends") && from !== "src/main.ts" &&
      !from.endsWith("_test.ts") && under(to, "src/backends"),
  },
  {
    name: "sandbox/, simulators/ and hubs/ never import src/ or each other",
    forbids: (from, to) => {
      const top = topOf(from);
      if (!ISOLATED.includes(top)) return false;
      return under(to, "src") || (ISOLATED.includes(topOf(to)) && topOf(to) !== top);
    },
  },
];

/** Every violation in the given sources (repo-relative path → text). */
export function findViolations(sources: ReadonlyMap<string, string>): Violation[] {
  const out: Violation[] = [];
  for (const [file, text] of sources) {
    for (const { target, index } of localImports(file, text)) {
      const line = text.slice(0, index).split("\n").length;
      for (const rule of RULES) {
        if (rule.forbids(file, target)) out.push({ file, line, target, rule: rule.name });
      }
    }
  }
  return out;
}

if (import.meta.main) {
  const root = new URL("..", import.meta.url).pathname;
  const sources = await walkSources(root);
  const violations = findViolations(sources);
  for (const v of violations) console.error(`${v.file}:${v.line} imports ${v.target}: ${v.rule}`);
  console.log(`import boundaries: ${sources.size} files, ${violations.length} violations`);
  Deno.exit(violations.length ? 1 : 0);
}
