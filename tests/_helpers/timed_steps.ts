/**
 * @module
 * Timed scenarios for the client suites: each scenario is a `t.step` whose wall time is recorded
 * with every client call made during it (what, and how long), so the performance report can say
 * where a slow scenario's time goes — in the daemon, or in the client's own start-up, polling and
 * waits. With `SOCKERLESS_SCENARIO_TIMINGS=<file>` the records are appended there as JSON lines
 * (`file`, `name`, `ms`, `calls`).
 */

/** One client call of a scenario. */
export interface CallTiming {
  args: string;
  ms: number;
}

/** The timing record of one scenario. */
export interface ScenarioTiming {
  file: string;
  name: string;
  ms: number;
  calls: CallTiming[];
}

/** Timed scenarios of one suite file. */
export class TimedSteps {
  readonly timings: ScenarioTiming[] = [];
  #current: ScenarioTiming | undefined;

  constructor(readonly file: string) {}

  /** Adds a call to the running scenario's record (none outside a scenario). */
  record(args: string, ms: number): void {
    this.#current?.calls.push({ args, ms: Math.round(ms) });
  }

  /** A timed scenario. */
  step(t: Deno.TestContext, name: string, fn: () => Promise<void>): Promise<boolean> {
    return t.step(name, async () => {
      const timing: ScenarioTiming = { file: this.file, name, ms: 0, calls: [] };
      this.#current = timing;
      const started = performance.now();
      try {
        await fn();
      } finally {
        timing.ms = Math.round(performance.now() - started);
        this.timings.push(timing);
        this.#current = undefined;
      }
    });
  }

  /** Appends the records to `SOCKERLESS_SCENARIO_TIMINGS` when it is set. */
  async save(): Promise<void> {
    const out = Deno.env.get("SOCKERLESS_SCENARIO_TIMINGS");
    if (!out) return;
    const lines = this.timings.map((t) => JSON.stringify(t) + "\n").join("");
    await Deno.writeTextFile(out, lines, { append: true });
  }
}
