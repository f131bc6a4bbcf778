/**
 * A {@linkcode Clock} for tests that only moves when told: `advance` fires the timers that fall
 * due, in order, letting what each one wakes run before the next, so a test of sleeps, pauses
 * and timeouts states exact durations and never waits for wall time.
 *
 * @module
 */

import type { Clock, TimerId } from "./clock.ts";

interface Timer {
  id: number;
  due: number;
  fn: () => void;
}

/** Lets the host's event loop run: what a fired timer woke runs before the next fires. */
function hostTurns(turns: number): Promise<void> {
  let chain = Promise.resolve();
  for (let i = 0; i < turns; i++) {
    chain = chain.then(() => new Promise((resolve) => setTimeout(resolve, 0)));
  }
  return chain;
}

/** A clock that stands still until {@linkcode ManualClock.advance}. */
export class ManualClock implements Clock {
  #now = 0;
  #nextId = 1;
  readonly #timers = new Map<TimerId, Timer>();

  now(): number {
    return this.#now;
  }

  /** A timer due now fires on the host's next turn, as a zero-delay timer does. */
  setTimer(fn: () => void, ms: number): number {
    const id = this.#nextId++;
    const timer = { id, due: this.#now + Math.max(0, ms), fn };
    this.#timers.set(id, timer);
    if (timer.due <= this.#now) setTimeout(() => this.#fire(timer), 0);
    return id;
  }

  clearTimer(id: TimerId | undefined): void {
    if (id !== undefined) this.#timers.delete(id);
  }

  /** Timers set and not yet fired or cleared. */
  get pending(): number {
    return this.#timers.size;
  }

  /**
   * Moves the clock `ms` forward, firing each timer that falls due at its due time. The host's
   * event loop runs (`turns` macrotask turns) first, so what was set in motion happens at the
   * current time, then after each timer, so what it wakes runs before the next fires.
   */
  async advance(ms: number, turns = 5): Promise<void> {
    await hostTurns(turns);
    const target = this.#now + ms;
    for (let next = this.#nextDue(target); next; next = this.#nextDue(target)) {
      this.#now = next.due;
      this.#fire(next);
      await hostTurns(turns);
    }
    this.#now = target;
    await hostTurns(turns);
  }

  #nextDue(target: number): Timer | undefined {
    let next: Timer | undefined;
    for (const t of this.#timers.values()) {
      if (t.due <= target && (!next || t.due < next.due)) next = t;
    }
    return next;
  }

  #fire(timer: Timer): void {
    if (!this.#timers.delete(timer.id)) return;
    timer.fn();
  }
}
