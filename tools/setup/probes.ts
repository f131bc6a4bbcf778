/**
 * @module
 * Checks that something is on the machine without running an installer: a command on PATH, a
 * file, a file matched by a pattern with `*` in its folder names, a command that succeeds.
 */

import type { SetupContext } from "./requirement.ts";

/** A check of the machine. */
export type Probe = (ctx: SetupContext) => Promise<boolean>;

async function isExecutable(path: string): Promise<boolean> {
  try {
    const stat = await Deno.stat(path);
    return stat.isFile && ((stat.mode ?? 0o111) & 0o111) !== 0;
  } catch {
    return false;
  }
}

/** True when `path` exists (a file or a folder; symlinks followed). */
export async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}

/** `command` is an executable file in one of PATH's folders. */
export function onPath(command: string): Probe {
  return async (ctx) => {
    for (const dir of (ctx.env("PATH") ?? "").split(":").filter(Boolean)) {
      if (await isExecutable(`${dir}/${command}`)) return true;
    }
    return false;
  };
}

/** Any of `paths` exists. */
export function anyPath(...paths: string[]): Probe {
  return async () => {
    for (const path of paths) if (await exists(path)) return true;
    return false;
  };
}

/** Some path matches `pattern`, an absolute path whose segments may hold `*`. */
export function matches(pattern: string): Probe {
  const segments = pattern.split("/").filter(Boolean);
  const glob = (seg: string) =>
    new RegExp(`^${seg.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replaceAll("*", ".*")}$`);
  async function walk(dir: string, i: number): Promise<boolean> {
    if (i === segments.length) return await exists(dir);
    const seg = segments[i];
    if (!seg.includes("*")) return await walk(`${dir}/${seg}`, i + 1);
    const re = glob(seg);
    try {
      for await (const entry of Deno.readDir(dir || "/")) {
        if (re.test(entry.name) && await walk(`${dir}/${entry.name}`, i + 1)) return true;
      }
    } catch { /* no such folder */ }
    return false;
  }
  return () => walk("", 0);
}

/** `cmd args` exits 0 (a missing command is the context's 127; any other error is raised). */
export function succeeds(cmd: string, ...args: string[]): Probe {
  return async (ctx) => (await ctx.run(cmd, args)).code === 0;
}
