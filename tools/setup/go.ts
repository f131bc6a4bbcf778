/**
 * @module
 * Clients built from Go modules (act, gitlab-runner, glab: the real CI runners, as test clients):
 * `go install module@version` into a cache entry keyed by the version, handed to the suites
 * through an environment variable. The build needs Go only when the entry is missing.
 */

import { debian } from "./apt.ts";
import { populate } from "./cache.ts";
import { exists, onPath } from "./probes.ts";
import { type Requirement, runOk, type SetupContext } from "./requirement.ts";

/** Options of `goBinary`. */
export interface GoBinaryOptions {
  /** The binary `go install` writes (the last element of the package path). */
  binary: string;
  /** The package to install, e.g. `github.com/nektos/act`. */
  module: string;
  /** An exact version, e.g. `v0.2.80`. */
  version: string;
  /** The variable through which the suites find the binary. */
  envVar: string;
}

const GO = debian("golang-go", onPath("go"), "go");

function binaryPath(ctx: SetupContext, o: GoBinaryOptions): { dir: string; path: string } {
  const dir = `${ctx.cache}/go/${o.binary}-${o.version}`;
  return { dir, path: `${dir}/${o.binary}` };
}

/** The Go-built `binary` of `module@version`, cached. */
export function goBinary(o: GoBinaryOptions): Requirement {
  return {
    id: `go:${o.module}@${o.version}`,
    label: `${o.binary} ${o.version} (go install ${o.module}@${o.version})`,
    present: async (ctx) => await exists(binaryPath(ctx, o).path),
    prerequisites: () => Promise.resolve([GO]),
    async install(ctx) {
      await populate(binaryPath(ctx, o).dir, async (tmp) => {
        await runOk(ctx, "go", ["install", `${o.module}@${o.version}`], { env: { GOBIN: tmp } });
        if (!(await exists(`${tmp}/${o.binary}`))) {
          throw new Error(`go install ${o.module}@${o.version} wrote no ${o.binary}`);
        }
      });
    },
    env: (ctx) => Promise.resolve({ [o.envVar]: binaryPath(ctx, o).path }),
  };
}
