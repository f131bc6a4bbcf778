/**
 * CPU accounting for `docker stats`. The daemon's JS thread is the one CPU
 * every sandbox process shares, so a container is charged for the slices of
 * that thread its processes run in: a process marks itself running at its
 * boundaries (commands, loop iterations, wake-ups), and the slice ends when
 * another container's process marks, when it goes idle, or at the next
 * macrotask (a heartbeat timer), which cannot run while a process's
 * synchronous or microtask chain is still executing. Time spent awaiting
 * timers, stdin or a thaw is therefore never charged.
 *
 * @module
 */

import { type Clock, realClock } from "./clock.ts";

/** Cumulative CPU time of one container. */
export class CpuAccount {
  #ms = 0;

  /** Adds time measured elsewhere (a WASI worker's run). */
  add(ms: number): void {
    if (ms > 0) this.#ms += ms;
  }

  /** Total charged time in nanoseconds. */
  get nanos(): number {
    return Math.round(this.#ms * 1e6);
  }
}

/** How long a process may hold the thread before a loop boundary yields it. */
export const SLICE_MS = 20;

/** Where the meter reads the time; the heartbeat stays a real macrotask (it marks the turn). */
let clock: Pick<Clock, "now"> = realClock;
let current: CpuAccount | undefined;
let since = 0;
let sliceStart = 0;
let heartbeat: ReturnType<typeof setTimeout> | undefined;

function settle(now: number): void {
  current?.add(now - since);
  since = now;
}

function onTurn(): void {
  heartbeat = undefined;
  idle();
}

/** Charges the thread to `account` from now until the slice ends. */
export function running(account: CpuAccount): void {
  if (heartbeat === undefined) {
    heartbeat = setTimeout(onTurn, 0);
    sliceStart = clock.now();
  }
  if (current !== account) {
    settle(clock.now());
    current = account;
  }
}

/** Ends the current slice: the thread is not charged until the next mark. */
export function idle(): void {
  settle(clock.now());
  current = undefined;
}

/** Ends the slice and cancels the heartbeat (a process exited). */
export function quiesce(): void {
  idle();
  clearTimeout(heartbeat);
  heartbeat = undefined;
}

/** True once the running slice has held the thread for {@linkcode SLICE_MS}. */
export function sliceExpired(): boolean {
  return heartbeat !== undefined && clock.now() - sliceStart >= SLICE_MS;
}

/**
 * Makes the meter read time from `source` (tests: exact charges instead of measured ones) until
 * the returned function restores the previous source.
 */
export function useMeterClock(source: Pick<Clock, "now">): () => void {
  const previous = clock;
  clock = source;
  return () => clock = previous;
}
