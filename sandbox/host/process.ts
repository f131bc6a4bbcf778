/**
 * @module
 * A process of the host runtime: a real child (`Deno.Command`) with piped stdio. Signals go
 * through `Deno.ChildProcess.kill`; the exit status is 128+n after signal n, as Deno reports
 * it. A `tty` process gets no terminal: its stderr is merged into stdout and `\n` is written as
 * `\r\n`, which is what a client of a terminal sees.
 */

import { DockerError, invalidParameter } from "../errors.ts";
import type { ProcessSpec, RuntimeProcess } from "../runtime.ts";
import { signalName } from "../signals.ts";
import type { HostUser } from "./users.ts";
import { toCrlf } from "../shell/_io.ts";

/** `TERM`, `SIGTERM`, `-15` or `15` → `SIGTERM`; InvalidParameter for a name Linux lacks. */
export function signalOf(name: string): Deno.Signal {
  const known = signalName(name.trim());
  if (!known) throw invalidParameter(`Invalid signal: ${name}`);
  return `SIG${known}` as Deno.Signal;
}

/** Stdout with stderr merged in and `\n` as `\r\n`, as a terminal would show them. */
function terminalOutput(
  stdout: ReadableStream<Uint8Array>,
  stderr: ReadableStream<Uint8Array>,
): ReadableStream<Uint8Array> {
  const merged = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      controller.enqueue(toCrlf(chunk));
    },
  });
  const writer = merged.writable.getWriter();
  const copy = async (source: ReadableStream<Uint8Array>) => {
    for await (const chunk of source) await writer.write(chunk);
  };
  Promise.all([copy(stdout), copy(stderr)]).then(() => writer.close(), (e) => writer.abort(e));
  return merged.readable;
}

function emptyStream(): ReadableStream<Uint8Array> {
  return new ReadableStream({ start: (c) => c.close() });
}

/** What a spawn needs beyond the spec: the resolved cwd, user and environment. */
export interface SpawnContext {
  cwd: string;
  user?: HostUser;
  env: Record<string, string>;
}

/** A real child process. */
export class HostProcess implements RuntimeProcess {
  readonly pid: number;
  readonly stdout: ReadableStream<Uint8Array>;
  readonly stderr: ReadableStream<Uint8Array>;
  readonly stdin: WritableStream<Uint8Array>;
  readonly exited: Promise<number>;
  readonly started = new Date();
  #done = false;

  constructor(readonly spec: ProcessSpec, readonly child: Deno.ChildProcess) {
    this.pid = child.pid;
    this.stdout = spec.tty ? terminalOutput(child.stdout, child.stderr) : child.stdout;
    this.stderr = spec.tty ? emptyStream() : child.stderr;
    this.stdin = spec.stdin ? child.stdin : new WritableStream();
    this.exited = child.status.then((status) => {
      this.#done = true;
      return status.code;
    });
  }

  /** Whether the process has exited. */
  get done(): boolean {
    return this.#done;
  }

  signal(name: string): Promise<void> {
    const signal = signalOf(name);
    if (this.#done) return Promise.resolve();
    try {
      this.child.kill(signal);
    } catch (err) {
      // It exited between the check and the kill: a signal to nobody, as with dockerd.
      if (!(err instanceof TypeError) && !(err instanceof Deno.errors.NotFound)) throw err;
    }
    return Promise.resolve();
  }
}

/** Starts `spec`; a program that cannot be found or run is dockerd's start error. */
export function spawnHost(spec: ProcessSpec, context: SpawnContext): HostProcess {
  const [program, ...args] = spec.argv;
  if (!program) throw invalidParameter("No command specified");
  try {
    const child = new Deno.Command(program, {
      args,
      cwd: context.cwd,
      clearEnv: true,
      env: context.env,
      uid: context.user?.uid,
      gid: context.user?.gid,
      stdin: spec.stdin ? "piped" : "null",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    return new HostProcess(spec, child);
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) {
      throw invalidParameter(`exec: "${program}": executable file not found in $PATH`);
    }
    if (err instanceof Deno.errors.PermissionDenied) {
      throw new DockerError("Forbidden", `exec: "${program}": permission denied`);
    }
    throw err;
  }
}
