/**
 * @module
 * Python packages from PyPI, pinned in a requirements file, in a virtualenv kept in the cache
 * (keyed by the file's digest) and handed to the suites through an environment variable, so
 * every machine runs the same docker-py whatever its own python carries. A variable the user
 * already set wins: then that python must import the module.
 */

import { debian } from "./apt.ts";
import { digestOf, populate } from "./cache.ts";
import { exists, succeeds } from "./probes.ts";
import { type Requirement, runOk, type SetupContext } from "./requirement.ts";

/** Options of `pipVenv`. */
export interface PipVenvOptions {
  /** Names the cache entry: `pip/<name>-<digest>`. */
  name: string;
  /** Repo-relative requirements file. */
  requirements: string;
  /** The module a suite imports (checked in a python the user names). */
  module: string;
  /** The variable through which the suites find the venv's python. */
  envVar: string;
}

async function venvDir(ctx: SetupContext, o: PipVenvOptions): Promise<string> {
  const text = await Deno.readTextFile(`${ctx.root}/${o.requirements}`);
  return `${ctx.cache}/pip/${o.name}-${await digestOf(text)}`;
}

/** A python that can make a virtualenv with pip (Debian splits venv and ensurepip out). */
const VENV_PYTHON = {
  ...debian("python3-venv", succeeds("python3", "-c", "import venv, ensurepip"), "python3 -m venv"),
  apt: ["python3", "python3-venv"],
};

/** The packages of `requirements` in a cached venv whose python `envVar` names. */
export function pipVenv(o: PipVenvOptions): Requirement {
  return {
    id: `pip:${o.name}`,
    label: `${o.name} (PyPI, ${o.requirements}) in a cached virtualenv`,
    async present(ctx) {
      const given = ctx.env(o.envVar);
      if (given) return await succeeds(given, "-c", `import ${o.module}`)(ctx);
      return await exists(`${await venvDir(ctx, o)}/bin/python`);
    },
    manual(ctx) {
      const given = ctx.env(o.envVar);
      if (!given) return undefined;
      return `${o.envVar}=${given} cannot import ${o.module}: install it there, or unset ` +
        `${o.envVar} to use a cached virtualenv`;
    },
    prerequisites: () => Promise.resolve([VENV_PYTHON]),
    async install(ctx) {
      await populate(await venvDir(ctx, o), async (tmp) => {
        await runOk(ctx, "python3", ["-m", "venv", tmp]);
        const pip = ["-m", "pip", "install", "--disable-pip-version-check", "--no-input", "-q"];
        await runOk(ctx, `${tmp}/bin/python`, [...pip, "-r", `${ctx.root}/${o.requirements}`]);
      });
    },
    async env(ctx) {
      return ctx.env(o.envVar) ? {} : { [o.envVar]: `${await venvDir(ctx, o)}/bin/python` };
    },
  };
}
