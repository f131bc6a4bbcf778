/**
 * @module
 * A set-up context for tests: temporary clone and cache folders, a PATH of stub executables, and
 * a runner that records commands and plays apt-get (and any other command the test scripts)
 * against an in-memory set of installed packages, so the planner is tested without installing.
 */

import type { Probe } from "./probes.ts";
import type { RunOutput, SetupContext } from "./requirement.ts";

/** A fake machine. */
export interface FakeMachine {
  ctx: SetupContext;
  /** Debian packages "installed". */
  installed: Set<string>;
  /** Every command run, as one string each. */
  commands: string[];
  /** Answers a command other than apt-get, by name or path; unhandled ones exit 127. */
  script: Map<string, (args: string[], env: Record<string, string>) => Promise<number> | number>;
  dispose(): Promise<void>;
}

/** A machine whose PATH holds stubs named `commands` (say `apt-get`, `sudo`). */
export async function fakeMachine(commands: string[]): Promise<FakeMachine> {
  const base = await Deno.makeTempDir({ prefix: "sockerless-setup-test-" });
  const [root, cache, bin] = [`${base}/clone`, `${base}/cache`, `${base}/bin`];
  for (const dir of [root, cache, bin]) await Deno.mkdir(dir);
  for (const name of commands) await Deno.writeTextFile(`${bin}/${name}`, "", { mode: 0o755 });
  const installed = new Set<string>();
  const ran: string[] = [];
  const script: FakeMachine["script"] = new Map();
  const run = async (
    cmd: string,
    args: string[],
    options: { env?: Record<string, string> } = {},
  ) => {
    ran.push([cmd, ...args].join(" "));
    const argv = cmd === "env" ? args.filter((a) => !a.includes("=")) : [cmd, ...args];
    const out: RunOutput = { code: 0, stdout: "", stderr: "" };
    if (argv[0] === "apt-get") {
      if (argv.includes("install")) {
        for (const pkg of argv.slice(argv.indexOf("install") + 1)) {
          if (!pkg.startsWith("-")) installed.add(pkg);
        }
      }
      return out;
    }
    const handler = script.get(cmd) ?? script.get(cmd.split("/").at(-1)!);
    if (!handler) return { code: 127, stdout: "", stderr: `${cmd}: not scripted` };
    return { ...out, code: await handler(args, options.env ?? {}) };
  };
  const env = new Map([["PATH", bin], ["HOME", base]]);
  return {
    ctx: { root, cache, deno: Deno.execPath(), env: (n) => env.get(n), run },
    installed,
    commands: ran,
    script,
    dispose: () => Deno.remove(base, { recursive: true }),
  };
}

/** A probe that holds once `pkg` is "installed" on `machine`. */
export function installedProbe(machine: { installed: Set<string> }, pkg: string): Probe {
  return () => Promise.resolve(machine.installed.has(pkg));
}
