/**
 * @module
 * `deno task test [-- PATH...|FILTER] [deno test flags]`: sets up what the selected suites
 * need (the table in tools/setup/needs.ts), then runs them with `deno test --allow-all
 * --parallel`. A set-up that cannot complete stops the run before any test, saying what is
 * missing and what installs it. `--setup-only` sets up and runs nothing.
 */

import { parseTestArgs } from "./setup/args.ts";
import { realContext } from "./setup/context.ts";
import { ensureSetups, SetupBlocked } from "./setup/ensure.ts";
import { repoReader, setupsOf, testFiles } from "./setup/suites.ts";
import { wantedOf } from "./setup/wanted.ts";

const ctx = realContext();

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
  const bySuite = await setupsOf(files, repoReader(ctx.root));
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
  const { code } = await new Deno.Command(ctx.deno, {
    args: ["test", "--allow-all", "--parallel", ...args.flags, ...filter, ...files],
    cwd: ctx.root,
    env,
  }).spawn().status;
  return code;
}

try {
  Deno.exit(await main());
} catch (err) {
  console.error(`test: ${err instanceof Error ? err.message : err}`);
  Deno.exit(1);
}
