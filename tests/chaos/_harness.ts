/**
 * @module
 * The chaos loop: start the daemon on one data root, check every invariant, run the mixed
 * workload, SIGKILL the daemon at a random moment (sometimes while it is still recovering),
 * and again, until the wanted number of kills. The first violation stops the run with its seed.
 */

import { Api } from "./_api.ts";
import { checkInvariants } from "./_check.ts";
import type { OpContext } from "./_context.ts";
import { type DaemonPlace, DaemonProcess, tail } from "./_daemon.ts";
import type { Fixtures } from "./_fixtures.ts";
import { followLogs } from "./_follow.ts";
import { type ContainerFact, Model } from "./_model.ts";
import { Rng } from "./_rng.ts";
import { runWorker } from "./_workload.ts";

/** Settings of one run. */
export interface ChaosSettings {
  seed: number;
  workers: number;
}

/** Figures of a finished run. */
export interface ChaosFigures {
  /** What the model held at the end (all of it checked after the last kill). */
  tracked: Record<string, number>;
  kills: number;
  killsDuringStart: number;
  killsRightAfterAnAck: number;
  cycles: number;
  /** Acknowledged operations by name. */
  operations: Record<string, number>;
  startMsMedian: number;
  checkMsMedian: number;
  checked: Record<string, number>;
  startMsMax: number;
}

/** A broken invariant: the message carries everything needed to replay and inspect it. */
export class ChaosViolation extends Error {}

/** One chaos run over one data root. */
export class Harness {
  readonly model: Model;
  #daemon?: DaemonProcess;
  #api?: Api;
  #killing = false;
  #killedAt = 0;
  #spawnedAt = 0;
  #kills = 0;
  #killsDuringStart = 0;
  #operations: Record<string, number> = {};
  #starts: number[] = [];
  #checks: number[] = [];
  #complaints: string[] = [];
  #followers: Promise<void>[] = [];
  #acked: () => void = () => {};
  #killsOnAck = 0;

  constructor(
    readonly settings: ChaosSettings,
    readonly place: DaemonPlace,
    readonly fixtures: Fixtures,
    readonly scratch: string,
    readonly dockerEnv: Record<string, string>,
  ) {
    this.model = new Model(settings.workers);
  }

  get api(): Api {
    return this.#api!;
  }

  /** Spawns the daemon and waits for `_ping`; answers the start time in ms. */
  async start(): Promise<number> {
    this.#killing = false;
    this.#spawnedAt = Date.now();
    const since = performance.now();
    this.#daemon = await DaemonProcess.spawn(this.place);
    const ms = await this.#daemon.ready(this.place.socket, since, 30_000);
    this.#api = new Api(this.place.socket);
    return ms;
  }

  /** SIGKILL now; every later failure of an operation is the kill's doing. */
  async kill(): Promise<void> {
    this.#killing = true;
    this.#kills++;
    if (!this.#killedAt) this.#killedAt = Date.now();
    await this.#daemon!.kill();
    this.#api?.close();
    this.#api = undefined;
  }

  /** Spawns the daemon and kills it after `delayMs`, perhaps before it answers at all. */
  async killDuringStart(delayMs: number): Promise<void> {
    this.#spawnedAt = Date.now();
    this.#daemon = await DaemonProcess.spawn(this.place);
    await new Promise((r) => setTimeout(r, delayMs));
    this.#killsDuringStart++;
    await this.kill();
  }

  async #fail(cycle: string, violations: string[]): Promise<never> {
    const { seed } = this.settings;
    throw new ChaosViolation(
      `chaos: ${violations.length} violation(s) in ${cycle} after ${this.#kills} kill(s); ` +
        `replay with SOCKERLESS_CHAOS_SEED=${seed}\n  - ${violations.slice(0, 40).join("\n  - ")}` +
        `\ndata root kept at ${this.place.dataRoot}; daemon log ${this.place.logFile}, its end:\n` +
        (await tail(this.place.logFile)),
    );
  }

  /**
   * Restarts after the kill(s) and checks every invariant. The restart's time is a figure of the
   * run (`startMsMedian`, `startMsMax`), not a check: a restart that hangs fails at the 30 s
   * deadline of `start()`.
   */
  async restartAndCheck(cycle: string): Promise<void> {
    const spawning = performance.now();
    const ms = await this.start().catch((err) =>
      this.#fail(cycle, [`the daemon did not come back: ${err.message}`])
    );
    this.model.count("spawnToReadyMs", Math.round(performance.now() - spawning));
    this.#starts.push(ms);
    const violations = [...this.#complaints];
    this.#complaints = [];
    const checkStarted = performance.now();
    violations.push(
      ...await checkInvariants({
        api: this.api,
        model: this.model,
        dataRoot: this.place.dataRoot,
        pid: this.#daemon!.pid,
        spawnedAt: this.#spawnedAt,
        killedAt: this.#killedAt,
      }).catch((err) => [`a check could not finish (the daemon failed a request): ${err.message}`]),
    );
    this.#checks.push(performance.now() - checkStarted);
    this.#killedAt = 0;
    if (violations.length) await this.#fail(cycle, violations);
  }

  #follow(c: ContainerFact): void {
    const api = this.api;
    this.#followers.push(
      followLogs(api, c, {
        killed: () => this.#killing,
        acked: () => this.#acked(),
        complain: (m) => this.#complaints.push(m),
      }).catch((err) => {
        if (!this.#killing) this.#complaints.push(`following ${c.name}'s logs: ${err.message}`);
      }),
    );
  }

  /**
   * Runs the workload until a SIGKILL after `killAfterMs`, or, with `onAck`, at the first
   * acknowledgement after that (an operation's success answer, a log line read): the kill then
   * lands right behind an answer, where state acknowledged but not yet durable would be lost.
   */
  async workload(cycle: number, killAfterMs: number, onAck: boolean): Promise<void> {
    for (const w of this.model.workers) {
      for (const c of w.containers.values()) {
        if (c.kind === "counter" && c.status === "running") this.#follow(c);
      }
    }
    let killing: Promise<void> | undefined;
    let fired!: () => void;
    const firedPromise = new Promise<void>((r) => fired = r);
    const fire = () => {
      killing ??= this.kill();
      fired();
    };
    let armed = false;
    this.#acked = () => {
      if (armed && !killing) {
        this.#killsOnAck++;
        fire();
      }
    };
    const workers = this.model.workers.map((w) => {
      const ctx: OpContext = {
        api: this.api,
        env: this.dockerEnv,
        rng: Rng.derive(this.settings.seed, cycle, w.index + 1),
        w,
        model: this.model,
        fixtures: this.fixtures,
        scratch: `${this.scratch}/w${w.index}`,
        killed: () => this.#killing,
        acked: () => this.#acked(),
        follow: (c) => this.#follow(c),
        complain: (m) => this.#complaints.push(m),
      };
      return runWorker(ctx);
    });
    await new Promise((r) => setTimeout(r, killAfterMs));
    if (onAck) {
      armed = true;
      await Promise.race([firedPromise, new Promise((r) => setTimeout(r, 2000))]);
    }
    const killed = performance.now();
    fire();
    await killing;
    this.model.count("killMs", Math.round(performance.now() - killed));
    for (const done of await Promise.all(workers)) {
      for (const name of done) this.#operations[name] = (this.#operations[name] ?? 0) + 1;
    }
    await Promise.all(this.#followers);
    this.#followers = [];
    this.model.count("killAndDrainMs", Math.round(performance.now() - killed));
  }

  /** Kills the daemon at the end of the run (not counted: every invariant was checked). */
  async stop(): Promise<void> {
    this.#killing = true;
    await this.#daemon?.kill();
    this.#api?.close();
  }

  get pidOfDaemon(): number {
    return this.#daemon!.pid;
  }

  get kills(): number {
    return this.#kills;
  }

  figures(cycles: number): ChaosFigures {
    const sorted = [...this.#starts].sort((a, b) => a - b);
    const count = (pick: (w: Model["workers"][number]) => Map<string, unknown>) =>
      this.model.workers.reduce((n, w) => n + pick(w).size, 0);
    return {
      tracked: {
        containers: count((w) => w.containers),
        images: count((w) => w.images),
        volumes: count((w) => w.volumes),
        networks: count((w) => w.networks),
        logLines: [...this.model.workers].flatMap((w) => [...w.containers.values()])
          .reduce((n, c) => n + c.lines.length, 0),
        removed: Object.values(this.model.gone).reduce((n, s) => n + s.size, 0),
      },
      kills: this.#kills,
      killsDuringStart: this.#killsDuringStart,
      killsRightAfterAnAck: this.#killsOnAck,
      cycles,
      operations: this.#operations,
      startMsMedian: Math.round(sorted[sorted.length >> 1] ?? 0),
      checkMsMedian: Math.round(
        [...this.#checks].sort((a, b) => a - b)[this.#checks.length >> 1] ?? 0,
      ),
      checked: this.model.checked,
      startMsMax: Math.round(sorted[sorted.length - 1] ?? 0),
    };
  }
}
