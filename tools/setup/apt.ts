/**
 * @module
 * Debian packages: a requirement names the package and how to see that what it provides is
 * there (the command a suite runs, not the package database: the docker CLI of the machine
 * image counts, wherever it came from). All missing packages install in one apt-get call, as
 * root, or through sudo; where neither can, the set-up stops and prints the command to run.
 */

import type { Probe } from "./probes.ts";
import { onPath } from "./probes.ts";
import { printed, type Requirement, type SetupContext } from "./requirement.ts";

/** A Debian package, present when `probe` holds. */
export function debian(pkg: string, probe: Probe, what: string): Requirement {
  return {
    id: `apt:${pkg}`,
    label: `${what} (Debian ${pkg})`,
    present: probe,
    apt: [pkg],
  };
}

/** How this run can call apt-get: the command prefix, or why it cannot. */
export type AptAccess = { prefix: string[] } | { blocked: string };

/** Root runs apt-get itself; others go through sudo when it needs no password or can ask. */
export async function aptAccess(ctx: SetupContext, uid: number | null): Promise<AptAccess> {
  if (!(await onPath("apt-get")(ctx))) {
    return { blocked: "this machine has no apt-get (the set-up installs Debian packages)" };
  }
  if (uid === 0) return { prefix: [] };
  if (!(await onPath("sudo")(ctx))) return { blocked: "not root, and there is no sudo" };
  if ((await ctx.run("sudo", ["-n", "true"])).code === 0) return { prefix: ["sudo", "-n"] };
  if (Deno.stdin.isTerminal()) return { prefix: ["sudo"] };
  return { blocked: "not root, and sudo wants a password but there is no terminal to ask" };
}

/** The command a person runs to install `pkgs`. */
export function aptCommand(pkgs: string[]): string {
  return `sudo apt-get install -y --no-install-recommends ${pkgs.join(" ")}`;
}

/** Installs `pkgs` in one apt-get call (after one update of the package lists). */
export async function aptInstall(
  ctx: SetupContext,
  access: { prefix: string[] },
  pkgs: string[],
): Promise<void> {
  const interactive = access.prefix.length === 1;
  const apt = async (...args: string[]) => {
    const argv = [...access.prefix, "env", "DEBIAN_FRONTEND=noninteractive", "apt-get", ...args];
    const out = await ctx.run(argv[0], argv.slice(1), { interactive });
    if (out.code !== 0) {
      throw new Error(`apt-get ${args.join(" ")} exited ${out.code}:\n${printed(out)}`);
    }
  };
  // Another run (a colleague's, CI's) may hold the dpkg lock: wait for it rather than fail.
  const lock = ["-o", "DPkg::Lock::Timeout=600"];
  await apt(...lock, "update", "-qq");
  await apt(...lock, "install", "-y", "-qq", "--no-install-recommends", ...pkgs);
}
