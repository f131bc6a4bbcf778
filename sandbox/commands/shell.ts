/**
 * `sh`/`bash` (scripts are rewritten for streaming before just-bash runs them)
 * and the internal `__sbx` command the rewriter emits: `push`/`pop` routing,
 * `trap`, `exec` of path commands (`#!` scripts, busybox links, WASI) and `source` (the
 * rewritten text of a sourced file).
 *
 * @module
 */

import {
  type Command,
  type CommandContext,
  decodeBytesToUtf8,
  defineCommand,
  type ExecResult,
} from "just-bash";
import { decodeContent } from "../fs/_encoding.ts";
import { parseShellArgs, shellQuote } from "../shell/_args.ts";
import { rewriteScript } from "../shell/rewrite.ts";
import { BUILTINS } from "../shell/builtins.ts";
import { runWasm } from "../wasi/run_wasm.ts";
import { deliver, done, type ProcContext } from "./_context.ts";
import { signalName } from "../signals.ts";

const SHELLS = new Set(["sh", "bash", "ash", "dash"]);
const WASM_MAGIC = [0x00, 0x61, 0x73, 0x6d];

/** Reads the script a shell invocation names: `-c`, a file, or stdin. */
async function scriptOf(p: ProcContext, args: string[], ctx: CommandContext) {
  const parsed = parseShellArgs(args);
  if (parsed.script !== undefined) return { ...parsed, text: parsed.script };
  if (parsed.file !== undefined) {
    const text = await ctx.fs.readFile(ctx.fs.resolvePath(ctx.cwd, parsed.file));
    return { ...parsed, text };
  }
  const text = p.routing.current.in === "live"
    ? decodeContent(await p.stdin.readAll(p.signal))
    : decodeBytesToUtf8(ctx.stdin);
  return { ...parsed, text, positional: ["sh"] };
}

function shellCommand(p: ProcContext, name: string): Command {
  return defineCommand(name, async (args, ctx) => {
    let run;
    try {
      run = await scriptOf(p, args, ctx);
    } catch {
      return done(
        "",
        127,
        `${name}: can't open '${parseShellArgs(args).file}': No such file or directory\n`,
      );
    }
    let script: string;
    try {
      script = rewriteScript(run.text, new Set(ctx.getRegisteredCommands?.() ?? [])).script;
    } catch (err) {
      return done("", 2, `${name}: syntax error: ${(err as Error).message}\n`);
    }
    const prefix = run.flags.map((f) => `set ${f}\n`).join("");
    const positional = run.positional.length ? run.positional : [name];
    return deliver(p, await ctx.origCommand!(["-c", prefix + script, ...positional]));
  });
}

/** Finds a bare command name in `$PATH`, like a shell's lookup. */
async function lookPath(name: string, ctx: CommandContext): Promise<string | undefined> {
  for (const dir of (ctx.env.get("PATH") ?? "/usr/bin:/bin").split(":")) {
    if (!dir) continue;
    const candidate = ctx.fs.resolvePath(ctx.cwd, `${dir}/${name}`);
    const st = await ctx.fs.stat(candidate).catch(() => undefined);
    if (st && !st.isDirectory && (st.mode & 0o111) !== 0) return candidate;
  }
  return undefined;
}

async function execPath(p: ProcContext, args: string[], ctx: CommandContext): Promise<ExecResult> {
  const [path, ...rest] = args;
  const run = (words: string[]) => ctx.exec!(words.map(shellQuote).join(" "), { cwd: ctx.cwd });
  const registered = (name: string) => ctx.getRegisteredCommands?.().includes(name) ?? false;
  if (path === undefined) return done();
  if (!path.includes("/") && (BUILTINS.has(path) || registered(path))) {
    return deliver(p, await run([path, ...rest]));
  }
  const found = path.includes("/") ? ctx.fs.resolvePath(ctx.cwd, path) : await lookPath(path, ctx);
  if (found === undefined) return done("", 127, `sh: ${path}: not found\n`);
  const abs = found;
  let stat;
  try {
    stat = await ctx.fs.stat(abs);
  } catch {
    return done("", 127, `sh: ${path}: not found\n`);
  }
  if (stat.isDirectory || (stat.mode & 0o111) === 0) {
    return done("", 126, `sh: ${path}: Permission denied\n`);
  }
  const data = await ctx.fs.readFileBuffer(abs);
  if (WASM_MAGIC.every((b, i) => data[i] === b)) return runWasm(p, ctx, abs, data, [path, ...rest]);
  const text = decodeContent(data.subarray(0, 256));
  const applet = path.slice(path.lastIndexOf("/") + 1);
  if (text.startsWith("#!") && !text.startsWith("#!/bin/busybox")) {
    const [interp, ...interpArgs] = text.slice(2).split("\n")[0].trim().split(/\s+/);
    const words = interp.endsWith("/env") ? interpArgs : [interp, ...interpArgs];
    const shell = words[0]?.slice(words[0].lastIndexOf("/") + 1);
    if (!shell || !SHELLS.has(shell)) {
      return done("", 127, `sh: ${path}: interpreter '${words[0]}' not found\n`);
    }
    return deliver(p, await run(["sh", ...words.slice(1), abs, ...rest]));
  }
  // Busybox links (ours, or a real image's ELF busybox) run the applet of that name.
  if (ctx.getRegisteredCommands?.().includes(applet)) {
    return deliver(p, await run([applet, ...rest]));
  }
  if (data.subarray(0, 1024).includes(0)) {
    return done("", 126, `sh: ${path}: cannot execute binary file\n`);
  }
  return deliver(p, await run(["sh", abs, ...rest]));
}

/**
 * The script `. file` runs: the file rewritten. Names it does not define may be functions of
 * the sourcing shell, so none is taken for a path lookup. A missing or unparsable file fails
 * the `.` with status 1 and bash's message, as before the rewrite.
 */
async function sourceText(file: string, ctx: CommandContext): Promise<ExecResult> {
  const fail = (message: string) =>
    done(
      rewriteScript(`printf '%s\\n' ${shellQuote(`bash: ${file}: ${message}`)} >&2; return 1`)
        .script,
    );
  let text: string;
  try {
    text = await ctx.fs.readFile(ctx.fs.resolvePath(ctx.cwd, file));
  } catch {
    return fail("No such file or directory");
  }
  try {
    return done(rewriteScript(text).script);
  } catch (err) {
    return fail((err as Error).message);
  }
}

function trap(p: ProcContext, args: string[]): ExecResult {
  if (args.length === 0 || args[0] === "-p") {
    const lines = [...p.traps].map(([sig, action]) => `trap -- ${shellQuote(action)} ${sig}\n`);
    return done(lines.join(""));
  }
  const [action, ...sigs] = args[0] === "--" ? args.slice(1) : args;
  for (const spec of sigs) {
    const sig = spec === "0" || spec.toUpperCase() === "EXIT" ? "EXIT" : signalName(spec);
    if (!sig) return done("", 1, `trap: ${spec}: bad trap\n`);
    if (action === "-") p.traps.delete(sig);
    else p.traps.set(sig, action);
  }
  return done();
}

function sbxCommand(p: ProcContext): Command {
  return defineCommand("__sbx", (args, ctx) => {
    const [op, ...rest] = args;
    switch (op) {
      // Bytes kind keeps a wrapped binary producer's output binary when the
      // interpreter joins the group's outputs (`gzip | gunzip`).
      case "push":
        p.routing.push(rest[0] ?? "");
        return Promise.resolve({ ...done(), stdoutKind: "bytes" });
      case "pop":
        p.routing.pop();
        return Promise.resolve({ ...done("", Number(rest[0] ?? 0)), stdoutKind: "bytes" });
      case "trap":
        return Promise.resolve(deliver(p, trap(p, rest)));
      case "exec":
        return execPath(p, rest, ctx);
      case "source":
        return sourceText(rest[0] ?? "", ctx);
      default:
        return Promise.resolve(done("", 2, `__sbx: unknown operation ${op}\n`));
    }
  });
}

/** Shell commands bound to one process. */
export function shellCommands(p: ProcContext): Command[] {
  return [sbxCommand(p), shellCommand(p, "sh"), shellCommand(p, "bash")];
}
