/**
 * @module
 * A small seeded pseudo-random generator (mulberry32) for the chaos harness: the same seed picks
 * the same operations and kill delays, so a failing run can be replayed with
 * `SOCKERLESS_CHAOS_SEED`. Timing still varies between runs; the choices do not.
 */

/** A seeded generator with the helpers the workload needs. */
export class Rng {
  #state: number;

  constructor(seed: number) {
    this.#state = seed >>> 0;
  }

  /** A generator for one stream (a cycle, a worker) derived from a seed, independent of others. */
  static derive(seed: number, ...stream: number[]): Rng {
    let h = seed >>> 0;
    for (const s of stream) h = Math.imul(h ^ (s + 0x9e3779b9), 0x85ebca6b) >>> 0;
    return new Rng(h ^ (h >>> 13));
  }

  /** A float in [0, 1). */
  next(): number {
    let t = (this.#state = (this.#state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** A key of `weights` chosen in proportion to its weight. */
  weighted<K extends string>(weights: Record<K, number>): K {
    const entries = Object.entries(weights) as [K, number][];
    let r = this.next() * entries.reduce((n, [, w]) => n + w, 0);
    for (const [key, w] of entries) {
      r -= w;
      if (r < 0) return key;
    }
    return entries[entries.length - 1][0];
  }

  /** A short lowercase token, for unique names and file contents. */
  token(length = 8): string {
    let out = "";
    while (out.length < length) out += this.int(0, 35).toString(36);
    return out;
  }
}
