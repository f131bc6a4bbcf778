/**
 * @module
 * Timing for the npm client suites (dockerode, Testcontainers): each scenario is a `t.step`
 * whose wall time is recorded with every Docker API call the client made during it (method,
 * path and time until the daemon's response head), so the report can say where a slow
 * scenario's time goes — in the daemon, or in the client's own polling and waits. Set
 * `SOCKERLESS_SCENARIO_TIMINGS=<file>` to append the records there as JSON lines, in the format
 * of the docker CLI scenarios (`file`, `name`, `ms`, `calls`).
 */

/** One API call of a scenario. */
interface CallTiming {
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

/** The part of docker-modem's `Modem` that every dockerode request goes through. */
interface Modem {
  dial(options: { method?: string; path?: string }, callback: (...args: unknown[]) => void): void;
}

/** Timed scenarios of one suite file. */
export class TimedSteps {
  readonly timings: ScenarioTiming[] = [];
  #current: ScenarioTiming | undefined;

  constructor(readonly file: string) {}

  /**
   * Times every request `modem` dials from now on. The time is the one until the client's
   * callback: the response head for streams, the whole body otherwise.
   */
  watch(modem: Modem): void {
    const dial = modem.dial.bind(modem);
    modem.dial = (options, callback) => {
      const started = performance.now();
      const record = this.#current;
      const path = (options.path ?? "").split("?")[0].replace(
        /\/[0-9a-f]{12,64}(?=\/|$)/g,
        "/{id}",
      );
      const args = `${options.method ?? "GET"} ${path}`;
      dial(options, (...result: unknown[]) => {
        record?.calls.push({ args, ms: Math.round(performance.now() - started) });
        callback(...result);
      });
    };
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
