/**
 * @module
 * What a workload operation gets: the daemon's two client paths (the docker CLI and the raw
 * API), the worker's slice of the model, a seeded generator, and ways to start a log follower
 * and to report a broken promise of the daemon.
 */

import { runCommand, type RunResult } from "../e2e/daemon.ts";
import type { Api } from "./_api.ts";
import type { Fixtures } from "./_fixtures.ts";
import type { ContainerFact, Model, WorkerModel } from "./_model.ts";
import type { Rng } from "./_rng.ts";

/** The docker CLI exited non-zero. */
export class CliError extends Error {}

/** One operation's world. */
export interface OpContext {
  api: Api;
  /** DOCKER_HOST and DOCKER_CONFIG for the docker CLI. */
  env: Record<string, string>;
  rng: Rng;
  w: WorkerModel;
  model: Model;
  fixtures: Fixtures;
  /** A private folder for build contexts and copied files. */
  scratch: string;
  /** True once the harness decided to kill the current daemon. */
  killed(): boolean;
  /** Tells the harness the daemon just acknowledged something (it may kill right now). */
  acked(): void;
  /** Starts following a running counter container's logs (updating its acknowledged lines). */
  follow(c: ContainerFact): void;
  /** Records a violation found while the daemon was alive. */
  complain(message: string): void;
}

/** Runs the docker CLI; answers the whole result whatever the exit code. */
export function dockerRun(ctx: OpContext, ...args: string[]): Promise<RunResult> {
  return runCommand("docker", args, { ...ctx.env, DOCKER_BUILDKIT: "0" });
}

/** Runs the docker CLI; answers stdout, throws `CliError` unless it exits 0. */
export async function docker(ctx: OpContext, ...args: string[]): Promise<string> {
  const r = await dockerRun(ctx, ...args);
  if (r.code !== 0) {
    throw new CliError(`docker ${args.join(" ")} exited ${r.code}: ${r.stderr.trim()}`);
  }
  return r.stdout;
}

/** True with probability 1/2: go through the CLI rather than the raw API. */
export function viaCli(ctx: OpContext): boolean {
  return ctx.rng.chance(0.5);
}
