/**
 * @module
 * The shared helper of the docker CLI scenario suite (issue #7, client `docker-cli`): one real
 * `deno task serve` daemon per file, a `docker` runner that times every CLI call, `expectRun`
 * to assert a call's exit code and its stdout and stderr precisely, and a timing record per
 * scenario. Set `SOCKERLESS_SCENARIO_TIMINGS=<file>` to have each file append its scenarios'
 * timings there as JSON lines (name, total ms, and each CLI call with its ms) — the suite's
 * performance report is made from that file.
 */

import { assertEquals } from "../../_helpers/assert.ts";
import { type Daemon, runCommand, type RunResult, startDaemon } from "../daemon.ts";

/** The docker CLI major version whose texts the scenarios assert. */
export const CLI_MAJOR = "28";

/** What a CLI call must give: the exit code, and stdout/stderr exactly or by pattern. */
export interface Expected {
  code: number;
  /** Exact text, or a pattern the whole text must match. Defaults to "" when `code` is 0. */
  stdout?: string | RegExp;
  /** Exact text, or a pattern the whole text must match. Defaults to "" when `code` is 0. */
  stderr?: string | RegExp;
}

/** One CLI call of a scenario, for the timing record. */
interface CallTiming {
  args: string;
  ms: number;
}

/** The timing record of one scenario. */
interface ScenarioTiming {
  file: string;
  name: string;
  ms: number;
  calls: CallTiming[];
}

function matches(text: string, want: string | RegExp | undefined, code: number): boolean {
  if (want === undefined) return code !== 0 || text === "";
  return typeof want === "string" ? text === want : want.test(text);
}

/** Fails unless `r` has the expected exit code, stdout and stderr. */
export function expectRun(r: RunResult, want: Expected, what = ""): void {
  const got = {
    code: r.code,
    stdout: matches(r.stdout, want.stdout, want.code) ? "(as expected)" : r.stdout,
    stderr: matches(r.stderr, want.stderr, want.code) ? "(as expected)" : r.stderr,
  };
  const expected = {
    code: want.code,
    stdout: "(as expected)",
    stderr: "(as expected)",
  };
  assertEquals(got, expected, `${what} (wanted stdout ${want.stdout}, stderr ${want.stderr})`);
}

/** The daemon of one scenario file and its timed CLI runner. */
export class Scenarios {
  readonly timings: ScenarioTiming[] = [];
  #current: ScenarioTiming | undefined;

  private constructor(readonly daemon: Daemon, readonly file: string) {}

  /**
   * Starts the file's daemon for the `docker-cli` client. The expected texts are the docker
   * CLI's own (its error wording, table layout), taken from docker 28: another major version
   * fails here with that reason rather than with a page of differing texts.
   */
  static async start(file: string): Promise<Scenarios> {
    const started = performance.now();
    const daemon = await startDaemon({ client: "docker-cli" });
    const version = await runCommand(
      "docker",
      ["version", "--format", "{{.Client.Version}}"],
      daemon.env,
    );
    if (!version.stdout.startsWith(`${CLI_MAJOR}.`)) {
      await daemon.stop();
      throw new Error(
        `the docker CLI scenarios expect docker ${CLI_MAJOR}.x, found ${
          version.stdout.trim() || version.stderr.trim()
        }`,
      );
    }
    const scenarios = new Scenarios(daemon, file);
    const ms = Math.round(performance.now() - started);
    scenarios.timings.push({ file, name: "(daemon start and CLI check)", ms, calls: [] });
    return scenarios;
  }

  /** Runs a command with extra environment (the CLI with another config, sh, tar), timed. */
  async command(
    cmd: string,
    args: string[],
    env: Record<string, string> = this.daemon.env,
    stdin?: string,
  ): Promise<RunResult> {
    const started = performance.now();
    const r = await runCommand(cmd, args, env, stdin);
    this.#current?.calls.push({
      args: `${cmd} ${args.join(" ")}`.slice(0, 120),
      ms: Math.round(performance.now() - started),
    });
    return r;
  }

  /** Runs the docker CLI against the file's daemon. */
  docker(...args: string[]): Promise<RunResult> {
    return this.command("docker", args);
  }

  /** Runs the docker CLI with `stdin`. */
  dockerIn(stdin: string, ...args: string[]): Promise<RunResult> {
    return this.command("docker", args, this.daemon.env, stdin);
  }

  /** Runs the docker CLI; fails unless it exits 0 with an empty stderr. Answers stdout. */
  async ok(...args: string[]): Promise<string> {
    const r = await this.docker(...args);
    expectRun(r, { code: 0, stdout: /[^]*/ }, `docker ${args.join(" ")}`);
    return r.stdout;
  }

  /** Runs the docker CLI and asserts its exit code and output. */
  async expect(args: string[], want: Expected): Promise<RunResult> {
    const r = await this.docker(...args);
    expectRun(r, want, `docker ${args.join(" ")}`);
    return r;
  }

  /** A timed scenario: a `t.step` whose time and CLI calls go to the timing record. */
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

  /** Stops the daemon and appends the timings when asked to. */
  async stop(): Promise<void> {
    await this.daemon.stop();
    const out = Deno.env.get("SOCKERLESS_SCENARIO_TIMINGS");
    if (!out) return;
    const lines = this.timings.map((t) => JSON.stringify(t) + "\n").join("");
    await Deno.writeTextFile(out, lines, { append: true });
  }
}

/** Ids the docker CLI prints: a full 64-hex container/network id on its own line. */
export const FULL_ID = /^[0-9a-f]{64}\n$/;

/** The end the docker CLI puts after a `docker run`/`create` error. */
export function runHelp(command = "run"): string {
  return `\n\nRun 'docker ${command} --help' for more information\n`;
}
