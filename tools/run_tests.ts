/**
 * @module
 * `deno task test [-- PATH...|FILTER] [deno test flags]`: sets up what the selected suites
 * need (the table in tools/setup/needs.ts), then runs them with `deno test --allow-all
 * --parallel` once per backend + runtime combination (tools/setup/combinations.ts), and ends
 * with one summary line over all the runs in deno's own form. A set-up that cannot complete stops
 * the run before any test, saying what is missing and what installs it. `--setup-only` sets up
 * and runs nothing.
 */

import { parseTestArgs } from "./setup/args.ts";
import { realContext } from "./setup/context.ts";
import { ensureSetups, SetupBlocked } from "./setup/ensure.ts";
import { type Combination, COMBINATIONS, entryTable } from "./setup/combinations.ts";
import { marksOf, repoReader, setupsOf, testFiles } from "./setup/suites.ts";
import { wantedOf } from "./setup/wanted.ts";

const ctx = realContext();
/** Each module read once, though the set-up and every combination follow the imports. */
const readSource = onceEach(repoReader(ctx.root));

function onceEach(
  read: (path: string) => Promise<string | null>,
): (path: string) => Promise<string | null> {
  const seen = new Map<string, Promise<string | null>>();
  return (path) => {
    let text = seen.get(path);
    if (!text) seen.set(path, text = read(path));
    return text;
  };
}

function relative(path: string): string {
  return path.startsWith(`${ctx.root}/`) ? path.slice(ctx.root.length + 1) : path;
}

function isPath(arg: string): boolean {
  try {
    Deno.statSync(arg.startsWith("/") ? arg : `${ctx.root}/${arg}`);
    return true;
  } catch {
    return false;
  }
}

async function main(): Promise<number> {
  const args = parseTestArgs(Deno.args, isPath);
  const selected = args.paths.length ? args.paths.map(relative) : ["."];
  const files = await testFiles(ctx.root, selected);
  if (!files.length) throw new Error(`no test files in ${selected.join(", ")}`);
  const bySuite = await setupsOf(files, readSource);
  const names = new Set([...bySuite.values()].flat());
  const count = `${files.length} test file${files.length === 1 ? "" : "s"}`;
  console.error(`set-up for ${count}: ${[...names].join(", ") || "none needed"}`);
  let env: Record<string, string>;
  try {
    env = await ensureSetups(ctx, wantedOf(names), { uid: Deno.uid(), log: console.error });
  } catch (err) {
    if (!(err instanceof SetupBlocked)) throw err;
    console.error(`set-up: ${err.message}`);
    return 1;
  }
  if (args.setupOnly) return 0;
  const filter = args.filter === undefined ? [] : ["--filter", args.filter];
  const totals = { passed: 0, failed: 0 };
  let worst = 0;
  for (const combination of COMBINATIONS) {
    const chosen = await filesOf(combination, files);
    if (!chosen.length) continue;
    console.error(
      `\n== ${combination.name}: ${chosen.length} test file${chosen.length === 1 ? "" : "s"}`,
    );
    const run = await runDenoTest(
      [...args.flags, ...filter, ...chosen],
      { ...env, ...combination.env },
    );
    console.error(`== ${combination.name}: ${run.passed} passed, ${run.failed} failed`);
    totals.passed += run.passed;
    totals.failed += run.failed;
    if (run.code !== 0) worst = run.code;
  }
  // In deno's form, so the last such line is the whole run's (.ci/run reads it).
  console.log(
    `${
      worst === 0 ? "ok" : "FAILED"
    } | ${totals.passed} passed | ${totals.failed} failed (all combinations)`,
  );
  return worst;
}

/** The files a combination runs: all of them, or those reaching one of its entries. */
async function filesOf(combination: Combination, files: string[]): Promise<string[]> {
  if (!combination.reaching) return files;
  const marks = await marksOf(files, readSource, entryTable(combination));
  return files.filter((f) => marks.get(f)?.includes(combination.name));
}

/** deno's summary: "ok | 54 passed (6 steps) | 0 failed (10s)" or "FAILED | 50 passed | 4 failed". */
const SUMMARY = /^(?:ok|FAILED) \| (\d+) passed.*\| (\d+) failed/;
// deno colours its output even into a pipe when asked to (FORCE_COLOR); the summary is read bare.
// deno-lint-ignore no-control-regex
const ANSI = /\x1b\[[0-9;]*m/g;

/** Runs `deno test`, passing its output through and reading its summary counts. */
async function runDenoTest(
  testArgs: string[],
  env: Record<string, string>,
): Promise<{ code: number; passed: number; failed: number }> {
  const child = new Deno.Command(ctx.deno, {
    args: ["test", "--allow-all", "--parallel", ...testArgs],
    cwd: ctx.root,
    env,
    stdout: "piped",
  }).spawn();
  const counts = { passed: 0, failed: 0, seen: false };
  let pending = "";
  const decoder = new TextDecoder();
  for await (const chunk of child.stdout) {
    await Deno.stdout.write(chunk);
    pending += decoder.decode(chunk, { stream: true });
    const lines = pending.split("\n");
    pending = lines.pop()!;
    for (const line of lines) {
      const m = SUMMARY.exec(line.replace(ANSI, ""));
      if (m) [counts.passed, counts.failed, counts.seen] = [Number(m[1]), Number(m[2]), true];
    }
  }
  const { code } = await child.status;
  // A failing exit with no failure counted (deno test died, or a module failed to load), or a
  // run whose summary was never seen (another --reporter): neither may pass as "0 failed".
  if ((code !== 0 || !counts.seen) && counts.failed === 0) counts.failed = 1;
  return {
    code: code === 0 && !counts.seen ? 1 : code,
    passed: counts.passed,
    failed: counts.failed,
  };
}

try {
  Deno.exit(await main());
} catch (err) {
  console.error(`test: ${err instanceof Error ? err.message : err}`);
  Deno.exit(1);
}
