/**
 * A sandbox process: one just-bash interpreter running a rewritten script,
 * with live stdout/stderr streams, streaming stdin, signals and an exit
 * promise. While its container is frozen its output is held, and signals
 * other than KILL wait for the thaw.
 *
 * @module
 */

import { Bash, type BashExecResult } from "just-bash";
import type { ProcessSpec } from "./runtime.ts";
import {
  checkpoint,
  type ContainerHost,
  type ProcContext,
  stdoutBytes,
  type UserInfo,
} from "./commands/_context.ts";
import type { TimerId } from "./sched/clock.ts";
import { quiesce } from "./sched/cpu_meter.ts";
import { commandNames, processCommands } from "./commands/registry.ts";
import { signalName, signalNumber } from "./signals.ts";
import { parseShellArgs, shellQuote } from "./shell/_args.ts";
import { InputChannel, OutputChannel } from "./shell/_io.ts";
import { RoutingStack } from "./shell/_io_state.ts";
import { hideCheckpoints, rewriteScript, type Rewritten } from "./shell/rewrite.ts";
import { processFs } from "./fs/process_fs.ts";
import { shellErrnoText } from "./fs/_errno.ts";

/** Options for {@linkcode SandboxContainer.spawn}: the runtime port's process spec. */
export type SpawnOptions = ProcessSpec;

/** A running (or finished) sandbox process. */
export interface SandboxProcess {
  readonly pid: number;
  readonly stdout: ReadableStream<Uint8Array>;
  /** With `tty`, the same stream as `stdout`. */
  readonly stderr: ReadableStream<Uint8Array>;
  readonly stdin: WritableStream<Uint8Array>;
  /** Resolves with the exit status (128+n after signal n). */
  readonly exited: Promise<number>;
  /** Delivers a signal by name (`TERM`, `SIGKILL`, `9`, …). */
  signal(name: string): void;
  /** Sends TERM, then KILL after `timeoutMs` if still running. */
  stop(timeoutMs: number): Promise<number>;
}

const SHELLS = new Set([
  "sh",
  "bash",
  "ash",
  "dash",
  "/bin/sh",
  "/bin/bash",
  "/bin/ash",
  "/bin/dash",
]);
const KNOWN: ReadonlySet<string> = new Set(commandNames());
const IGNORED_BY_DEFAULT = new Set(["CHLD", "WINCH", "CONT", "URG"]);
const LIMITS = {
  maxCommandCount: Number.MAX_SAFE_INTEGER,
  maxLoopIterations: Number.MAX_SAFE_INTEGER,
  maxCallDepth: 1000,
};
const NOT_FOUND = /^bash: (.+): command not found$/gm;
const BASH_PREFIX = /^bash: /gm;
/** A failed redirection surfaces as the filesystem's errno message. */
const FS_ERROR = /^E[A-Z]+: ([^,\n]+), \w+ '[^'\n]*'$/gm;

/** Implementation of {@linkcode SandboxProcess}. */
export class ShellProcess implements SandboxProcess {
  readonly pid: number;
  readonly stdout: ReadableStream<Uint8Array>;
  readonly stderr: ReadableStream<Uint8Array>;
  readonly stdin: WritableStream<Uint8Array>;
  readonly exited: Promise<number>;
  readonly #ctx: ProcContext;
  readonly #host: ContainerHost;
  readonly #abort = new AbortController();
  readonly #mainAbort = new AbortController();
  #interrupt = new AbortController();
  #status: number | undefined;
  #pendingTrap: string | undefined;
  #resolve!: (code: number) => void;
  #bash = false;
  readonly #deferred: string[] = [];
  readonly #unsubscribe: () => void;

  constructor(host: ContainerHost, opts: SpawnOptions, user: UserInfo) {
    this.#host = host;
    this.pid = host.register(opts.argv, 0, user.name);
    const out = new OutputChannel(opts.tty);
    const err = opts.tty ? out : new OutputChannel(false);
    const input = new InputChannel(opts.stdin ?? false);
    this.stdout = out.readable;
    this.stderr = err.readable;
    this.stdin = input.writable;
    this.#ctx = {
      host,
      pid: this.pid,
      user,
      routing: new RoutingStack(),
      stdout: out,
      stderr: err,
      stdin: input,
      signal: this.#abort.signal,
      interrupt: () => this.#interrupt.signal,
      stoppedStatus: () => this.#status,
      traps: new Map(),
      claimExec: this.#execClaim(opts.argv),
    };
    this.exited = new Promise((resolve) => this.#resolve = resolve);
    this.#unsubscribe = host.freezer.subscribe((paused) => this.#onFreeze(paused));
    if (host.freezer.paused) this.#onFreeze(true);
    this.#run(opts).catch((e) => {
      err.write(`sh: internal error: ${(e as Error).message}\n`);
      this.#finish(125);
    });
  }

  /** Bytes this process buffers: unread stdin and output held while frozen. */
  get bufferedBytes(): number {
    const { stdin, stdout, stderr } = this.#ctx;
    return stdin.queuedBytes + stdout.heldBytes + (stderr === stdout ? 0 : stderr.heldBytes);
  }

  signal(name: string): void {
    if (this.#status !== undefined) return;
    const sig = signalName(name) ?? "TERM";
    if (sig === "KILL") return this.#finish(137);
    // Like the cgroup freezer: a frozen process gets its signals at thaw.
    if (this.#host.freezer.paused) return void this.#deferred.push(sig);
    const trap = this.#ctx.traps.get(sig);
    if (trap === "") return;
    if (trap !== undefined) {
      this.#pendingTrap = sig;
      this.#mainAbort.abort();
      this.#interruptBlocking();
      return;
    }
    if (IGNORED_BY_DEFAULT.has(sig)) return;
    this.#finish(128 + signalNumber(sig));
  }

  async stop(timeoutMs: number): Promise<number> {
    this.signal("TERM");
    const clock = this.#host.clock;
    let timer: TimerId | undefined;
    const timeout = new Promise<void>((resolve) => timer = clock.setTimer(resolve, timeoutMs));
    await Promise.race([this.exited, timeout]);
    clock.clearTimer(timer);
    this.signal("KILL");
    return this.exited;
  }

  #onFreeze(paused: boolean): void {
    const { stdout, stderr } = this.#ctx;
    if (paused) {
      stdout.hold();
      stderr.hold();
      return;
    }
    stdout.release();
    stderr.release();
    for (const sig of this.#deferred.splice(0)) this.signal(sig);
  }

  #interruptBlocking(): void {
    this.#interrupt.abort();
    this.#interrupt = new AbortController();
  }

  #finish(code: number): void {
    if (this.#status !== undefined) return;
    this.#status = code;
    this.#unsubscribe();
    quiesce();
    this.#abort.abort();
    this.#interrupt.abort();
    this.#ctx.stdin.end();
    this.#ctx.stdout.close();
    this.#ctx.stderr.close();
    this.#host.unregister(this.pid);
    this.#resolve(code);
  }

  #newShell(env: Record<string, string>, cwd: string): Bash {
    return new Bash({
      fs: processFs(this.#host.fs, (fd, data) => {
        const dest = fd === 1 ? this.#ctx.routing.current.out : this.#ctx.routing.current.err;
        (dest === "err" ? this.#ctx.stderr : this.#ctx.stdout).write(data);
      }, () => this.#status === undefined ? checkpoint(this.#ctx) : undefined),
      env,
      cwd,
      customCommands: processCommands(this.#ctx),
      executionLimits: LIMITS,
      defenseInDepth: false,
      processInfo: { pid: this.pid, ppid: 0, uid: this.#ctx.user.uid, gid: this.#ctx.user.gid },
    });
  }

  /** The one-time claim of a process started as a command rather than a shell. */
  #execClaim(argv: string[]): ((name: string) => boolean) | undefined {
    if (SHELLS.has(argv[0] ?? "")) return undefined;
    let claimed = false;
    const own = (argv[0] ?? "").split("/").at(-1);
    return (name) => {
      if (claimed || name !== own) return false;
      claimed = true;
      return true;
    };
  }

  async #script(argv: string[], cwd: string): Promise<{ text: string; prefix: string }> {
    if (!SHELLS.has(argv[0] ?? "")) return { text: argv.map(shellQuote).join(" "), prefix: "" };
    const parsed = parseShellArgs(argv.slice(1));
    if (parsed.script !== undefined && parsed.positional.length > 0) {
      // Only a nested shell can set $0; run `sh -c script name args...` as one command.
      return { text: argv.map(shellQuote).join(" ").replace(/^\S+/, "sh"), prefix: "" };
    }
    let text = parsed.script;
    if (text === undefined && parsed.file !== undefined) {
      text = await this.#host.fs.readFile(this.#host.fs.resolvePath(cwd, parsed.file));
    }
    if (text === undefined) {
      text = new TextDecoder().decode(await this.#ctx.stdin.readAll(this.#abort.signal));
    }
    const args = parsed.positional.slice(1);
    const set = args.length ? `set -- ${args.map(shellQuote).join(" ")}\n` : "";
    return { text, prefix: parsed.flags.map((f) => `set ${f}\n`).join("") + set };
  }

  async #run(opts: SpawnOptions): Promise<void> {
    const ctx = this.#ctx;
    this.#bash = /(^|\/)bash$/.test(opts.argv[0] ?? "");
    const env = { ...opts.env };
    const cwd = opts.cwd || "/";
    // A process spawned into a frozen container starts at thaw.
    await this.#host.freezer.thawed(this.#abort.signal);
    if (this.#status !== undefined) return;
    let script: { text: string; prefix: string };
    try {
      script = await this.#script(opts.argv, cwd);
    } catch {
      ctx.stderr.write(`sh: can't open '${opts.argv.at(-1)}': No such file or directory\n`);
      return this.#finish(2);
    }
    let rewritten;
    try {
      rewritten = rewriteScript(script.text, KNOWN);
    } catch (e) {
      ctx.stderr.write(`sh: syntax error: ${(e as Error).message}\n`);
      return this.#finish(2);
    }
    const shell = this.#newShell(env, cwd);
    const main = AbortSignal.any([this.#abort.signal, this.#mainAbort.signal]);
    let result = await this.#exec(shell, script.prefix + rewritten.script, main);
    // A trapped signal aborts the interpreter to run the handler; that abort is no error of
    // the script, so its notice is not the container's output.
    if (this.#pendingTrap !== undefined) result = withoutAbortNotice(result);
    this.#flush(result);
    let code = result.exitCode;
    if (this.#status !== undefined) return;
    const finalEnv = { ...result.env };
    const trapSig = this.#pendingTrap;
    if (trapSig !== undefined) {
      const action = ctx.traps.get(trapSig) ?? "";
      result = await this.#runTrap(action, rewritten, finalEnv);
      code = /\bexit\b/.test(action + rewritten.functions)
        ? result.exitCode
        : 128 + signalNumber(trapSig);
    }
    const onExit = ctx.traps.get("EXIT");
    if (onExit) {
      const r = await this.#runTrap(onExit, rewritten, finalEnv);
      if (/\bexit\b/.test(onExit)) code = r.exitCode;
    }
    this.#finish(code);
  }

  async #runTrap(
    action: string,
    main: Rewritten,
    env: Record<string, string>,
  ): Promise<BashExecResult> {
    const ctx = this.#ctx;
    for (const sig of ["EXIT", ...ctx.traps.keys()]) ctx.traps.delete(sig);
    const cwd = env.PWD || "/";
    delete env["?"];
    const script = main.functions + "\n" + rewriteScript(action, KNOWN, main.functionNames).script;
    const result = await this.#exec(this.#newShell(env, cwd), script, this.#abort.signal);
    this.#flush(result);
    return result;
  }

  async #exec(shell: Bash, script: string, signal: AbortSignal): Promise<BashExecResult> {
    try {
      return await shell.exec(script, { signal, rawScript: true });
    } catch (e) {
      const code = this.#status ?? 2;
      return { stdout: "", stderr: `sh: ${(e as Error).message}\n`, exitCode: code, env: {} };
    }
  }

  /** Writes output that the interpreter kept (builtins, errors) after it returns. */
  #flush(result: BashExecResult): void {
    if (result.stdout) this.#ctx.stdout.write(stdoutBytes(result));
    if (!result.stderr) return;
    const stderr = shellErrnoText(hideCheckpoints(result.stderr))
      .replace(NOT_FOUND, "sh: $1: not found")
      .replace(FS_ERROR, "sh: can't create: $1");
    this.#ctx.stderr.write(this.#bash ? stderr : stderr.replace(BASH_PREFIX, "sh: "));
  }
}

/** `result` without the interpreter's `execution aborted` notice. */
function withoutAbortNotice(result: BashExecResult): BashExecResult {
  return { ...result, stderr: result.stderr.replace(/^(sh|bash): execution aborted\n/m, "") };
}
