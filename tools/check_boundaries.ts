/**
 * @module
 * Walks the import graph and fails on a forbidden import (the rules of DESIGN.md "Layout and
 * boundaries"). `deno task check` runs it; `findViolations` is the testable core.
 *
 *     deno run --allow-read tools/check_boundaries.ts
 */

import { findCycles } from "./import_cycles.ts";
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
const topOf = (path: string) => path.split("/")[0];
const backendOf = (path: string) => /^src\/backends\/([^/]+)\//.exec(path)?.[1];
/** `simulators/aws/x.ts` → `simulators/aws`; `_shared` counts as its own part. */
const partOf = (path: string) => path.split("/").slice(0, 2).join("/");
const isTest = (path: string) => path.endsWith("_test.ts");
/**
 * What of `sandbox/` the engine may use: the runtime port (with its signal names), the OCI code
 * and the error model.
 */
const ENGINE_SANDBOX = [
  "sandbox/runtime.ts",
  "sandbox/signals.ts",
  "sandbox/oci",
  "sandbox/errors.ts",
];

/** The import rules. */
export const RULES: readonly Rule[] = [
  {
    name: "generated/ imports nothing from the repo",
    forbids: (from, to) => under(from, "generated") && !under(to, "generated"),
  },
  {
    name: "src/api/ imports only generated/ and src/engine/",
    forbids: (from, to) =>
      under(from, "src/api") && !isTest(from) &&
      !(under(to, "src/api") || under(to, "src/engine") || under(to, "generated") ||
        to === "src/version.ts"),
  },
  {
    name: "src/engine/ never imports src/api/, src/server/, a backend or the agent program",
    forbids: (from, to) =>
      under(from, "src/engine") && !isTest(from) &&
      (under(to, "src/api") || under(to, "src/server") || under(to, "src/backends") ||
        under(to, "src/agent") || to === "src/main.ts"),
  },
  {
    name: "src/engine/ uses of sandbox/ only the runtime port, sandbox/oci/ and the error model",
    forbids: (from, to) =>
      under(from, "src/engine") && !isTest(from) && under(to, "sandbox") &&
      !ENGINE_SANDBOX.some((allowed) => under(to, allowed)),
  },
  {
    name: "src/backends/<name>/ never imports src/api/, src/server/ or another backend",
    forbids: (from, to) => {
      const own = backendOf(from);
      if (!own) return false;
      const other = backendOf(to);
      return under(to, "src/api") || under(to, "src/server") || to === "src/main.ts" ||
        under(to, "src/agent") || (other !== undefined && other !== own);
    },
  },
  {
    // Tests beside the code compose an App like main does, so they may name a backend too.
    name: "only src/main.ts picks concrete backends",
    forbids: (from, to) =>
      under(from, "src") && !under(from, "src/backends") && !under(from, "src/engine") &&
      from !== "src/main.ts" && !isTest(from) && under(to, "src/backends"),
  },
  {
    name: "src/agent/ imports only sandbox/",
    forbids: (from, to) =>
      under(from, "src/agent") && !isTest(from) && !under(to, "src/agent") &&
      !under(to, "sandbox"),
  },
  {
    name: "sandbox/ never imports src/, simulators/ or hubs/",
    forbids: (from, to) =>
      under(from, "sandbox") && (under(to, "src") || under(to, "simulators") || under(to, "hubs")),
  },
  {
    name: "simulators/ and hubs/ import sandbox/ and their own _shared/, never src/ or each other",
    forbids: (from, to) => {
      const top = topOf(from);
      if (top !== "simulators" && top !== "hubs") return false;
      if (under(to, "src")) return true;
      if (under(to, "sandbox")) return false;
      const toTop = topOf(to);
      if (toTop === "simulators" || toTop === "hubs") {
        return toTop !== top ||
          (partOf(to) !== partOf(from) && partOf(to) !== `${top}/_shared`);
      }
      return false;
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
  const cycles = findCycles(sources);
  for (const c of cycles) console.error(`import circle: ${c.join(" → ")}`);
  console.log(
    `import boundaries: ${sources.size} files, ${violations.length} violations, ` +
      `${cycles.length} import circles`,
  );
  Deno.exit(violations.length || cycles.length ? 1 : 0);
}
