/**
 * @module
 * npm packages that suites run as programs under Deno (gitlab-ci-local) or import (dockerode,
 * Testcontainers), at the version deno.json pins, fetched into Deno's cache with `deno cache`
 * from the repository root so deno.lock checks their integrity.
 */

import { exists } from "./probes.ts";
import { type Requirement, runOk, type SetupContext } from "./requirement.ts";

const npmCaches = new WeakMap<SetupContext, Promise<string>>();

/** Deno's npm cache folder, as `deno info` reports it for this run's DENO_DIR. */
function npmCacheOf(ctx: SetupContext): Promise<string> {
  let dir = npmCaches.get(ctx);
  if (!dir) {
    dir = ctx.run(ctx.deno, ["info", "--json"]).then((out) => {
      const info = JSON.parse(out.stdout) as { npmCache?: string };
      if (!info.npmCache) throw new Error(`deno info --json names no npmCache:\n${out.stdout}`);
      return info.npmCache;
    });
    npmCaches.set(ctx, dir);
  }
  return dir;
}

/** `npm:name@version` as deno.json's imports pin it. */
async function pinned(ctx: SetupContext, name: string): Promise<{ spec: string; dir: string }> {
  const config = JSON.parse(await Deno.readTextFile(`${ctx.root}/deno.json`));
  const spec: string | undefined = config.imports?.[name];
  const version = spec?.match(/^npm:(?:@[^/@]+\/)?[^@]+@(\d[\w.+-]*)$/)?.[1];
  if (!spec || !version) {
    throw new Error(`deno.json must pin ${name} to one version (npm:${name}@x.y.z), not ${spec}`);
  }
  return { spec, dir: `registry.npmjs.org/${name}/${version}` };
}

/** The npm package `name`, at the version deno.json's imports pin. */
export function npmPackage(name: string): Requirement {
  return {
    id: `npm:${name}`,
    label: `npm package ${name} (pinned in deno.json)`,
    async present(ctx) {
      const { dir } = await pinned(ctx, name);
      return await exists(`${await npmCacheOf(ctx)}/${dir}`);
    },
    async install(ctx) {
      const { spec } = await pinned(ctx, name);
      await runOk(ctx, ctx.deno, ["cache", spec], {
        cwd: ctx.root,
        env: { DENO_NO_UPDATE_CHECK: "1" },
      });
    },
  };
}
