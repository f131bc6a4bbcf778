/**
 * @module
 * What a setup is made of. A requirement is one thing a suite needs on the machine (a command, a
 * cached build, a pinned package), which it checks before anything is installed: the set-up of a
 * machine that has everything runs no installer at all.
 */

/** What a command printed and how it ended. */
export interface RunOutput {
  code: number;
  stdout: string;
  stderr: string;
}

/** What a failed command printed, for its error message. */
export function printed(out: RunOutput): string {
  return `${out.stdout}${out.stderr}`.trim();
}

/** How a requirement runs a command: injectable, so the planner is tested without installing. */
export type Runner = (
  cmd: string,
  args: string[],
  options?: { cwd?: string; env?: Record<string, string>; interactive?: boolean },
) => Promise<RunOutput>;

/** Where and with what the set-up works. */
export interface SetupContext {
  /** The repository root (absolute, no trailing slash). */
  root: string;
  /** Where heavy artefacts are kept across clones: `${XDG_CACHE_HOME:-~/.cache}/sockerless`. */
  cache: string;
  /** The deno executable this run uses. */
  deno: string;
  /** The environment the suites will inherit. */
  env(name: string): string | undefined;
  run: Runner;
}

/** One thing a suite needs. */
export interface Requirement {
  /** Identity: setups that need the same thing share one check and one install. */
  id: string;
  /** What it is, for messages: "htpasswd (Debian apache2-utils)". */
  label: string;
  /** True when it is already in place. Cheap: a stat or two, at most one short command. */
  present(ctx: SetupContext): Promise<boolean>;
  /** Debian packages that put it in place, installed in the run's one apt-get step. */
  apt?: string[];
  /** What `install` needs first (build tools); may be none when a cached build is reused. */
  prerequisites?(ctx: SetupContext): Promise<Requirement[]>;
  /** Puts it in place (requirements that are not Debian packages). */
  install?(ctx: SetupContext): Promise<void>;
  /** Text when nothing here can install it (now): how a person puts it in place. */
  manual?(ctx: SetupContext): string | undefined;
  /** Environment the suites get once it is in place (where a cached client lives). */
  env?(ctx: SetupContext): Promise<Record<string, string>>;
}

/** A named group of requirements that suites declare (see `needs.ts`). */
export interface Setup {
  about: string;
  needs: Requirement[];
}

/** Throws with the command's output when it failed. */
export async function runOk(
  ctx: SetupContext,
  cmd: string,
  args: string[],
  options?: Parameters<Runner>[2],
): Promise<void> {
  const out = await ctx.run(cmd, args, options);
  if (out.code !== 0) {
    throw new Error(`${cmd} ${args.join(" ")} exited ${out.code}:\n${printed(out)}`);
  }
}
