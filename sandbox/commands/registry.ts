/**
 * Assembles the command set of one process: the sandbox's own commands plus a
 * thin wrapper around every just-bash command that streams its output (see
 * `deliver`), feeds it live stdin, and lists it in the process table.
 *
 * @module
 */

import {
  type Command,
  type CommandContext,
  defineCommand,
  type ExecResult,
  getCommandNames,
} from "just-bash";
import { decodeContent } from "../fs/_encoding.ts";
import { shellQuote } from "../shell/_args.ts";
import { ROUTING_VAR } from "../shell/rewrite.ts";
import { checkpoint, deliver, done, type ProcContext } from "./_context.ts";
import { permuteOptions } from "./_gnu_args.ts";
import { running } from "../sched/cpu_meter.ts";
import { fileCommands } from "./files.ts";
import { shellCommands } from "./shell.ts";
import { streamingCommands } from "./streaming.ts";
import { systemCommands } from "./system.ts";

/** Marks commands that read stdin whatever their operands (`tee`, `tr`, `xargs`). */
const ALWAYS = -1;

/**
 * Commands that read stdin when given no file operand, with the number of
 * leading operands that are not files (the grep pattern, the sed script, …).
 */
const STDIN_READERS: Record<string, number> = {
  grep: 1,
  egrep: 1,
  fgrep: 1,
  sed: 1,
  awk: 1,
  jq: 1,
  cut: 0,
  sort: 0,
  uniq: 0,
  head: 0,
  wc: 0,
  base64: 0,
  sha256sum: 0,
  md5sum: 0,
  sha1sum: 0,
  gzip: 0,
  gunzip: 0,
  zcat: 0,
  tac: 0,
  rev: 0,
  nl: 0,
  od: 0,
  fold: 0,
  paste: 0,
  strings: 0,
  tr: ALWAYS,
  tee: ALWAYS,
  xargs: ALWAYS,
};

/** `tar` reads the archive from stdin with `-f -`, or when it is given no `-f`. */
function tarReadsStdin(args: string[]): boolean {
  const flags = args.filter((a) => a.startsWith("-") || args.indexOf(a) === 0).join("");
  const f = args.findIndex((a) => /^-?[a-zA-Z]*f$/.test(a));
  return /[xt]/.test(flags) && (f < 0 || args[f + 1] === "-");
}

function wantsLiveStdin(p: ProcContext, name: string, args: string[]): boolean {
  if (p.routing.current.in !== "live" || p.stdin.done) return false;
  if (name === "tar") return tarReadsStdin(args);
  const skip = STDIN_READERS[name];
  if (skip === undefined) return false;
  if (skip === ALWAYS) return true;
  const operands = args.filter((a) => !a.startsWith("-") || a === "-");
  const nonFiles = args.some((a) => a === "-e" || a === "-f") ? 0 : skip;
  return operands.length <= nonFiles || operands.includes("-");
}

async function runWrapped(
  p: ProcContext,
  name: string,
  args: string[],
  ctx: CommandContext,
): Promise<ExecResult> {
  if (wantsLiveStdin(p, name, args)) {
    const data = await p.stdin.readAll(p.signal);
    p.routing.push("i=c");
    try {
      const line = [name, ...args].map(shellQuote).join(" ");
      return deliver(
        p,
        await ctx.exec!(line, {
          cwd: ctx.cwd,
          stdin: decodeContent(data, "latin1"),
          stdinKind: "bytes",
        }),
      );
    } finally {
      p.routing.pop();
    }
  }
  return deliver(p, await ctx.origCommand!(args));
}

/**
 * Wraps a command so it is listed in the process table while it runs, starts
 * only at a checkpoint (not while the container is frozen), and charges the
 * thread to the container when it resumes.
 */
function tracked(p: ProcContext, cmd: Command): Command {
  return defineCommand(cmd.name, async (args, ctx) => {
    if (p.stoppedStatus() === undefined) await checkpoint(p);
    const stopped = p.stoppedStatus();
    if (stopped !== undefined) return done("", stopped);
    const routing = ctx.env.get(ROUTING_VAR);
    if (routing) p.routing.push(routing);
    const own = cmd.name === "__sbx" || p.claimExec?.(cmd.name) === true;
    const pid = own ? 0 : p.host.register([cmd.name, ...args], p.pid, p.user.name);
    try {
      const result = await cmd.execute(args, ctx);
      if (p.stoppedStatus() === undefined) running(p.host.cpu);
      return deliver(p, result);
    } finally {
      if (pid) p.host.unregister(pid);
      if (routing) p.routing.pop();
    }
  });
}

/** Every command available to one sandbox process. */
export function processCommands(p: ProcContext): Command[] {
  const own = [
    ...shellCommands(p),
    ...streamingCommands(p),
    ...systemCommands(p),
    ...fileCommands(p),
  ];
  const names = new Set(own.map((c) => c.name));
  const wrapped = getCommandNames()
    .filter((name) => !names.has(name))
    .map((name) =>
      defineCommand(name, (args, ctx) => runWrapped(p, name, permuteOptions(name, args), ctx))
    );
  return [...own, ...wrapped].map((cmd) => tracked(p, cmd));
}

/** Names of all commands, for the image's `/bin` links. */
export function commandNames(): string[] {
  return [
    ...new Set([
      ...getCommandNames(),
      "__sbx",
      "sh",
      "bash",
      "ash",
      "sleep",
      "cat",
      "tail",
      "yes",
      "id",
      "whoami",
      "tty",
      "hostname",
      "uname",
      "nproc",
      "ps",
      "top",
      "df",
      "getent",
      "kill",
      "chown",
      "mktemp",
      "realpath",
      "rsync",
      "test",
      "[",
      "true",
      "false",
      "echo",
      "printf",
      "pwd",
    ]),
  ].sort();
}
