/**
 * The per-process context every sandbox command closes over, and the helper
 * that routes a finished command's output to the live process streams.
 *
 * @module
 */

import { type ExecResult, type IFileSystem, stdoutKind } from "just-bash";
import type { InputChannel, OutputChannel } from "../shell/_io.ts";
import type { Dest, RoutingStack } from "../shell/_io_state.ts";
import { hideCheckpoints } from "../shell/rewrite.ts";
import { errnoText } from "../fs/_errno.ts";
import { type CpuAccount, idle, running, sliceExpired } from "../sched/cpu_meter.ts";
import { type Clock, realClock, type TimerId } from "../sched/clock.ts";
import type { Freezer } from "../sched/freezer.ts";
import type { ProcessInfo } from "../runtime.ts";

/** One entry of the container process table (what `ps` shows): the runtime port's. */
export type { ProcessInfo } from "../runtime.ts";

/** What a process needs from its container. */
export interface ContainerHost {
  fs: IFileSystem;
  hostname: string;
  /** Registers a process-table entry and returns its pid. */
  register(argv: string[], ppid: number, user: string): number;
  unregister(pid: number): void;
  processes(): ProcessInfo[];
  /** Delivers a signal to another process of the container; false if none. */
  signal(pid: number, name: string): boolean;
  /** Changes the owner of a path (no-op on host mounts). */
  chown(path: string, uid: number, gid: number): Promise<void>;
  /** Freeze/thaw state of the container (`docker pause`). */
  readonly freezer: Freezer;
  /** CPU time charged to the container. */
  readonly cpu: CpuAccount;
  /** The time source of its sleeps, timeouts and stop grace periods. */
  readonly clock: Clock;
}

/** Identity a process runs as. */
export interface UserInfo {
  uid: number;
  gid: number;
  name: string;
  group: string;
  home: string;
}

/** Live state of one sandbox process, shared by all its commands. */
export interface ProcContext {
  host: ContainerHost;
  pid: number;
  user: UserInfo;
  routing: RoutingStack;
  stdout: OutputChannel;
  stderr: OutputChannel;
  stdin: InputChannel;
  /** Aborts when the process must stop running commands. */
  signal: AbortSignal;
  /** Aborts blocking commands (sleep, tail -f, …) on any delivered signal. */
  interrupt: () => AbortSignal;
  /** Exit status to report once stopped by a signal. */
  stoppedStatus: () => number | undefined;
  traps: Map<string, string>;
  /**
   * True once, for the command a process was started as when its argv is not a shell
   * (`docker run alpine sleep 600`): that command is the process itself, as after `exec`, so
   * it is not listed again as a child.
   */
  claimExec?: (name: string) => boolean;
}

const encoder = new TextEncoder();

/** Encodes a result's stdout honouring its text/bytes kind. */
export function stdoutBytes(result: ExecResult): Uint8Array {
  if (stdoutKind(result) === "bytes") {
    return Uint8Array.from(result.stdout, (c) => c.charCodeAt(0) & 0xff);
  }
  return encoder.encode(result.stdout);
}

function channel(p: ProcContext, dest: Dest): OutputChannel {
  return dest === "err" ? p.stderr : p.stdout;
}

/** Writes bytes to where fd 1 currently leads; returns false when captured. */
export function writeOut(p: ProcContext, data: Uint8Array | string): boolean {
  const dest = p.routing.current.out;
  if (dest === "cap") return false;
  channel(p, dest).write(data);
  return true;
}

/**
 * Streams whatever parts of a finished command's output reach the process
 * streams and returns the rest to the interpreter.
 */
export function deliver(p: ProcContext, result: ExecResult): ExecResult {
  const { out, err } = p.routing.current;
  let stdout = result.stdout;
  let stderr = errnoText(result.stderr);
  if (stdout && out !== "cap") {
    channel(p, out).write(stdoutBytes(result));
    stdout = "";
  }
  if (stderr && err !== "cap") {
    channel(p, err).write(hideCheckpoints(stderr));
    stderr = "";
  }
  const rest: ExecResult = { stdout, stderr, exitCode: result.exitCode };
  if (result.stdoutKind) rest.stdoutKind = result.stdoutKind;
  if (result.stdoutEncoding) rest.stdoutEncoding = result.stdoutEncoding;
  return rest;
}

/** A plain result. */
export function done(stdout = "", exitCode = 0, stderr = ""): ExecResult {
  return { stdout, stderr, exitCode };
}

const MAX_TIMER_MS = 2 ** 31 - 1;

/** Sleeps until the timeout on `clock` or an abort; returns true when aborted. */
export function wait(ms: number, signal: AbortSignal, clock: Clock = realClock): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(true);
  return new Promise((resolve) => {
    let timer: TimerId | undefined;
    const onAbort = () => {
      clock.clearTimer(timer);
      resolve(true);
    };
    // Timers cap at ~24.8 days, so longer sleeps are chained.
    const arm = (left: number) => {
      if (!Number.isFinite(left)) return;
      timer = clock.setTimer(() => {
        if (left > MAX_TIMER_MS) return arm(left - MAX_TIMER_MS);
        signal.removeEventListener("abort", onAbort);
        resolve(false);
      }, Math.min(left, MAX_TIMER_MS));
    };
    arm(ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * A process boundary: charges the thread to the container, then waits while
 * the container is frozen or yields the thread once the slice has run long
 * (so timers, signals and other containers get their turn). Undefined when
 * the process may simply go on.
 */
export function checkpoint(p: ProcContext): Promise<void> | undefined {
  const { cpu, freezer } = p.host;
  running(cpu);
  const frozen = freezer.thawed(p.signal);
  if (frozen) {
    idle();
    return frozen.then(() => running(cpu));
  }
  if (sliceExpired()) return wait(0, p.signal).then(() => running(cpu));
  return undefined;
}

/**
 * Like {@linkcode wait}, but time spent frozen does not count, and a wait that
 * ends while frozen returns only at thaw. Returns true when aborted.
 */
export async function pausableWait(
  p: ProcContext,
  ms: number,
  signal: AbortSignal,
): Promise<boolean> {
  const { freezer, clock } = p.host;
  let left = ms;
  for (;;) {
    idle();
    await freezer.thawed(signal);
    if (signal.aborted) return true;
    const started = clock.now();
    const frozen = new AbortController();
    const off = freezer.subscribe((paused) => paused && frozen.abort());
    const cut = await wait(Math.max(0, left), AbortSignal.any([signal, frozen.signal]), clock);
    off();
    if (signal.aborted) return true;
    if (!cut) {
      running(p.host.cpu);
      return false;
    }
    left -= clock.now() - started;
  }
}
