/**
 * Commands that must act while running rather than when they end: `sleep`,
 * `cat` on live stdin, `tail -f`, and `yes`. They block on timers and
 * promises (never busy loops), so idle keep-alive containers cost nothing.
 *
 * @module
 */

import { type Command, type CommandContext, defineCommand } from "just-bash";
import { decodeContent } from "../fs/_encoding.ts";
import { shellQuote } from "../shell/_args.ts";
import { deliver, done, pausableWait, type ProcContext, writeOut } from "./_context.ts";

const UNITS: Record<string, number> = { "": 1, s: 1, m: 60, h: 3600, d: 86400 };

/** Parses `sleep` operands (`1`, `0.5s`, `2m`, `infinity`) into milliseconds. */
export function parseDuration(args: string[]): number | undefined {
  let total = 0;
  for (const arg of args) {
    if (arg === "inf" || arg === "infinity") return Infinity;
    const m = /^(\d*\.?\d+)([smhd]?)$/.exec(arg);
    if (!m) return undefined;
    total += Number(m[1]) * UNITS[m[2]] * 1000;
  }
  return total;
}

/** Aborts on a delivered signal or when the command's own execution is cancelled. */
function blocking(p: ProcContext, ctx: CommandContext): AbortSignal {
  return ctx.signal ? AbortSignal.any([p.interrupt(), ctx.signal]) : p.interrupt();
}

function sleepCommand(p: ProcContext): Command {
  return defineCommand("sleep", async (args, ctx) => {
    const ms = parseDuration(args.filter((a) => a !== "--"));
    if (ms === undefined || args.length === 0) {
      return done("", 1, `sleep: invalid number '${args[0] ?? ""}'\n`);
    }
    const interrupted = await pausableWait(p, ms, blocking(p, ctx));
    return done("", interrupted ? (p.stoppedStatus() ?? 143) : 0);
  });
}

function catCommand(p: ProcContext): Command {
  return defineCommand("cat", async (args, ctx) => {
    const operands = args.filter((a) => !a.startsWith("-") || a === "-");
    const fromLive = p.routing.current.in === "live" && operands.every((a) => a === "-");
    if (!fromLive) return deliver(p, await ctx.origCommand!(args));
    const signal = blocking(p, ctx);
    if (p.routing.current.out === "cap") {
      const all = await p.stdin.readAll(signal);
      return { stdout: decodeContent(all, "latin1"), stderr: "", exitCode: 0, stdoutKind: "bytes" };
    }
    for (let chunk = await p.stdin.read(signal); chunk; chunk = await p.stdin.read(signal)) {
      // Input written while frozen is echoed at thaw.
      await p.host.freezer.thawed(signal);
      if (signal.aborted) break;
      writeOut(p, chunk);
    }
    return done("", signal.aborted ? (p.stoppedStatus() ?? 143) : 0);
  });
}

function tailCommand(p: ProcContext): Command {
  return defineCommand("tail", async (args, ctx) => {
    const follow = args.some((a) => a === "-f" || a === "-F" || a === "--follow");
    const rest = args.filter((a) => a !== "-f" && a !== "-F" && a !== "--follow");
    const first = deliver(p, await ctx.origCommand!(rest));
    if (!follow) return first;
    const file = rest.filter((a) => !a.startsWith("-")).at(-1);
    const signal = blocking(p, ctx);
    let offset = 0;
    if (file) {
      try {
        offset = (await ctx.fs.stat(ctx.fs.resolvePath(ctx.cwd, file))).size;
      } catch { /* a missing file may appear later */ }
    }
    // Nothing can ever be appended to /dev/null: block without polling.
    const poll = !file || file === "/dev/null" ? Infinity : 250;
    while (!(await pausableWait(p, poll, signal))) {
      try {
        const data = await ctx.fs.readFileBuffer(ctx.fs.resolvePath(ctx.cwd, file!));
        if (data.byteLength > offset) writeOut(p, data.subarray(offset));
        offset = data.byteLength;
      } catch { /* keep following, like tail -F */ }
    }
    return done("", p.stoppedStatus() ?? 143);
  });
}

const CAPTURED_YES_LINES = 8192;

function yesCommand(p: ProcContext): Command {
  return defineCommand("yes", async (args, ctx) => {
    const line = (args.length ? args.join(" ") : "y") + "\n";
    if (p.routing.current.out === "cap") {
      // Pipelines run stage by stage, so a captured `yes` must end on its own.
      return done(line.repeat(CAPTURED_YES_LINES));
    }
    const chunk = line.repeat(Math.max(1, Math.floor(4096 / line.length)));
    const signal = blocking(p, ctx);
    const sink = p.routing.current.out === "err" ? p.stderr : p.stdout;
    while (!signal.aborted && !sink.closed) {
      await sink.ready(signal);
      if (await pausableWait(p, 0, signal)) break;
      writeOut(p, chunk);
    }
    return done("", p.stoppedStatus() ?? 143);
  });
}

function timeoutCommand(p: ProcContext): Command {
  return defineCommand("timeout", async (args, ctx) => {
    let i = 0;
    let preserve = false;
    for (; i < args.length && args[i].startsWith("-"); i++) {
      if (args[i] === "--preserve-status") preserve = true;
      else if (args[i] === "-s" || args[i] === "-k") i++;
    }
    const ms = parseDuration([args[i] ?? ""]);
    const command = args.slice(i + 1);
    if (ms === undefined || command.length === 0) {
      return done("", 125, "timeout: usage: timeout [-s SIG] DURATION COMMAND [ARG]...\n");
    }
    const controller = new AbortController();
    const clock = p.host.clock;
    const timer = Number.isFinite(ms) ? clock.setTimer(() => controller.abort(), ms) : undefined;
    const signal = ctx.signal
      ? AbortSignal.any([controller.signal, ctx.signal])
      : controller.signal;
    try {
      const result = await ctx.exec!(command.map(shellQuote).join(" "), { cwd: ctx.cwd, signal });
      if (!controller.signal.aborted) return deliver(p, result);
      const stderr = result.stderr.replace(/^bash: execution aborted\n/m, "");
      return { ...deliver(p, { ...result, stderr }), exitCode: preserve ? 143 : 124 };
    } catch {
      return done("", controller.signal.aborted ? (preserve ? 143 : 124) : 126);
    } finally {
      clock.clearTimer(timer);
    }
  });
}

/** The streaming commands bound to one process. */
export function streamingCommands(p: ProcContext): Command[] {
  return [sleepCommand(p), catCommand(p), tailCommand(p), yesCommand(p), timeoutCommand(p)];
}
