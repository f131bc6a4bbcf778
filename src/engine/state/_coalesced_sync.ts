/**
 * @module
 * Group commit for fsync: callers who ask while an fsync runs share the next one, which starts
 * after the running one ends (the running one may have begun before their write). A burst of N
 * durable writes costs about two fsyncs instead of N.
 */

/** Shares fsyncs between concurrent callers. */
export class CoalescedSync {
  #running?: Promise<void>;
  #queued?: Promise<void>;

  constructor(readonly doSync: () => Promise<void>) {}

  /** True while an fsync runs or waits to run. */
  get busy(): boolean {
    return this.#running !== undefined || this.#queued !== undefined;
  }

  /** Resolves once everything written before the call is durable. */
  request(): Promise<void> {
    if (this.#queued) return this.#queued;
    if (this.#running) {
      this.#queued = this.#running.catch(() => {}).then(() => this.#run());
      return this.#queued;
    }
    return this.#run();
  }

  #run(): Promise<void> {
    this.#queued = undefined;
    const p: Promise<void> = this.doSync().finally(() => {
      if (this.#running === p) this.#running = undefined;
    });
    this.#running = p;
    return p;
  }
}
