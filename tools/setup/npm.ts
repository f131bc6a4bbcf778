/**
 * @module
 * npm packages that suites run as programs under Deno (gitlab-ci-local) or import (dockerode,
 * Testcontainers), at the version deno.json pins, fetched into Deno's cache with `deno cache`
 * from the repository root so deno.lock checks their integrity.
 */

import { digestOf } from "./cache.ts";
import { exists } from "./probes.ts";
import { type Requirement, runOk, type SetupContext } from "./requirement.ts";

const npmCaches = new WeakMap<SetupContext, Promise<string>>();

/** Deno's npm cache folder, as `deno info` reports it for this run's DENO_DIR. */
function npmCacheOf(ctx: SetupContext): Promise<string> {
  let dir = npmCaches.get(ctx);
  if (!dir) {
    dir = ctx.run(ctx.deno, ["info", "--json"]).then((out) => {
      if (out.code !== 0) throw new Error(`deno info --json exited ${out.code}:\n${out.stderr}`);
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
      const cache = await npmCacheOf(ctx);
      // The package's folder appears before its dependencies do: only a finished `deno cache`
      // (its marker) counts, so an interrupted one is done again.
      return await exists(`${cache}/${dir}`) && await exists(await markerOf(ctx, cache, name));
    },
    async install(ctx) {
      const { spec } = await pinned(ctx, name);
      await runOk(ctx, ctx.deno, ["cache", spec], {
        cwd: ctx.root,
        env: { DENO_NO_UPDATE_CHECK: "1" },
      });
      const marker = await markerOf(ctx, await npmCacheOf(ctx), name);
      await Deno.mkdir(marker.slice(0, marker.lastIndexOf("/")), { recursive: true });
      await Deno.writeTextFile(marker, `${spec}\n`);
    },
  };
}

/** Where a finished `deno cache` of `name`, at its pin, into `npmCache` is recorded. */
async function markerOf(ctx: SetupContext, npmCache: string, name: string): Promise<string> {
  const { spec } = await pinned(ctx, name);
  return `${ctx.cache}/npm-cached/${await digestOf(npmCache, spec)}`;
}
