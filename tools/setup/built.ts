/**
 * @module
 * Artefacts the project builds for its tests (the WASI test program; test images made with
 * mmdebstrap): built once into a cache entry keyed by a digest of their inputs, then copied into
 * the clone where a suite reads a fixed path, or named to the suites through a variable. Their
 * build tools are needed only when the entry is missing, so a second clone needs none of them.
 */

import { digestOf, populate } from "./cache.ts";
import { exists } from "./probes.ts";
import { type Requirement, runOk, type SetupContext } from "./requirement.ts";

/** Options of `built`. */
export interface BuiltOptions {
  /** Names the cache entry: `build/<name>-<digest>`. */
  name: string;
  /** Repo-relative files whose content decides the build (sources, build script). */
  inputs: string[];
  /** The command that builds into `out`, a folder it writes `output` to. */
  command(ctx: SetupContext, out: string): [string, string[]];
  /** The file (or folder) in the entry that is the artefact. */
  output: string;
  /** Tools the build runs. */
  tools: Requirement[];
  /** A repo-relative path where a suite reads it (a copy: the clone owns its files). */
  copyTo?: string;
  /** The variable through which the suites find it in the cache. */
  envVar?: string;
}

async function entryOf(ctx: SetupContext, o: BuiltOptions): Promise<string> {
  const inputs = await Promise.all(o.inputs.map((f) => Deno.readFile(`${ctx.root}/${f}`)));
  return `${ctx.cache}/build/${o.name}-${await digestOf(...o.inputs, ...inputs)}`;
}

async function sameFile(a: string, b: string): Promise<boolean> {
  try {
    const [x, y] = await Promise.all([Deno.readFile(a), Deno.readFile(b)]);
    return x.length === y.length && x.every((byte, i) => byte === y[i]);
  } catch {
    return false;
  }
}

/** An artefact built from the repo's own inputs, cached by their digest. */
export function built(o: BuiltOptions): Requirement {
  return {
    id: `build:${o.name}`,
    label: `${o.name} (built from ${o.inputs.join(", ")})`,
    async present(ctx) {
      const cached = `${await entryOf(ctx, o)}/${o.output}`;
      if (!o.copyTo) return await exists(cached);
      return await sameFile(cached, `${ctx.root}/${o.copyTo}`);
    },
    async prerequisites(ctx) {
      return await exists(await entryOf(ctx, o)) ? [] : o.tools;
    },
    async install(ctx) {
      const entry = await entryOf(ctx, o);
      if (!(await exists(entry))) {
        await populate(entry, async (tmp) => {
          const [cmd, args] = o.command(ctx, tmp);
          await runOk(ctx, cmd, args, { cwd: ctx.root });
          if (!(await exists(`${tmp}/${o.output}`))) {
            throw new Error(`building ${o.name} wrote no ${o.output}`);
          }
        });
      }
      if (o.copyTo) await Deno.copyFile(`${entry}/${o.output}`, `${ctx.root}/${o.copyTo}`);
    },
    async env(ctx) {
      return o.envVar ? { [o.envVar]: `${await entryOf(ctx, o)}/${o.output}` } : {};
    },
  };
}
