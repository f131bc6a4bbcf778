/**
 * The time source of the sandbox's schedulers (sleeps, `timeout`, the stop grace period, the CPU
 * meter), injectable so tests drive time instead of measuring it. The real clock is the default
 * and calls straight through to `performance.now` and the host's timers.
 *
 * @module
 */

/** A timer handle of a {@linkcode Clock}: the host's, or a manual clock's number. */
export type TimerId = ReturnType<typeof setTimeout> | number;

/** Monotonic time and one-shot timers. */
export interface Clock {
  /** Milliseconds on a monotonic scale (only differences mean anything). */
  now(): number;
  /** Calls `fn` once `ms` milliseconds have passed on this clock. */
  setTimer(fn: () => void, ms: number): TimerId;
  /** Cancels a timer; a no-op for one that fired or was never set. */
  clearTimer(id: TimerId | undefined): void;
}

/** The host's clock. */
export const realClock: Clock = {
  now: () => performance.now(),
  setTimer: (fn, ms) => setTimeout(fn, ms),
  clearTimer: (id) => clearTimeout(id),
};
