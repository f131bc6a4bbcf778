/**
 * @module
 * The real set-up context: this repository, the user's cache folder, this deno, and commands
 * run with their output captured (shown only when they fail).
 */

import { cacheDir } from "./cache.ts";
import type { Runner, SetupContext } from "./requirement.ts";

const runCommand: Runner = async (cmd, args, options = {}) => {
  try {
    const out = await new Deno.Command(cmd, {
      args,
      cwd: options.cwd,
      env: options.env,
      stdin: options.interactive ? "inherit" : "null",
      stdout: "piped",
      stderr: "piped",
    }).output();
    const dec = new TextDecoder();
    return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) {
      return { code: 127, stdout: "", stderr: `${cmd}: command not found` };
    }
    throw err;
  }
};

/** The context of a set-up run from this checkout. */
export function realContext(): SetupContext {
  const env = (name: string) => Deno.env.get(name);
  return {
    root: new URL("../..", import.meta.url).pathname.replace(/\/$/, ""),
    cache: cacheDir(env),
    deno: Deno.execPath(),
    env,
    run: runCommand,
  };
}
