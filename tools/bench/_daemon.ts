/**
 * @module
 * Shared benchmark plumbing: start the daemon on a private socket, wait for its first answered
 * `_ping`, and summarise samples.
 */

import { pingOnce } from "../../tests/_helpers/ping.ts";

const ROOT = new URL("../..", import.meta.url).pathname;

/** The permission flags of `deno task serve` (kept in step with deno.json). */
export const SERVE_FLAGS = [
  "--allow-net",
  "--allow-read",
  "--allow-write",
  "--allow-env",
  "--allow-sys",
];

/** A daemon process started for a benchmark. */
export interface BenchDaemon {
  socket: string;
  /** Its data root (`--data-root`): private unless one was given. */
  dataRoot: string;
  /** The daemon's process id (of `deno task` when started through the task runner). */
  pid: number;
  /** Milliseconds from spawn to the first answered `_ping`. */
  startMs: number;
  /** SIGTERM, then removes the daemon's folder (and its data root unless it was given). */
  stop(): Promise<void>;
  /** SIGKILL (a crash, the only way a crash-only daemon ends); keeps everything on disk. */
  kill(): Promise<void>;
}

/** How to start a benchmark daemon. */
export interface BenchDaemonOptions {
  /** Run it through `deno task serve` (adds the task runner) instead of `deno run`. */
  viaTask?: boolean;
  /** A data root to use (reuse one, or put it on a tmpfs); default: a fresh private one. */
  dataRoot?: string;
  /**
   * Run with `--allow-all` instead of the serve task's flags: Deno refuses paths under /dev
   * (such as a data root on /dev/shm) to anything less.
   */
  allowAll?: boolean;
  /** The source tree to run the daemon from (default: this one), to compare two commits. */
  root?: string;
  /** Extra daemon flags. */
  flags?: string[];
}

/** Spawns the daemon and waits for its first answered `_ping`. */
export async function startBenchDaemon(options: BenchDaemonOptions = {}): Promise<BenchDaemon> {
  const dir = await Deno.makeTempDir({ prefix: "sockerless-bench-" });
  const socket = `${dir}/d.sock`;
  const dataRoot = options.dataRoot ?? `${dir}/data`;
  const flags = ["-H", `unix://${socket}`, "--data-root", dataRoot, ...(options.flags ?? [])];
  const args = options.viaTask
    ? ["task", "--quiet", "serve", ...flags]
    : ["run", ...(options.allowAll ? ["--allow-all"] : SERVE_FLAGS), "src/main.ts", ...flags];
  const started = performance.now();
  const child = new Deno.Command(Deno.execPath(), {
    args,
    cwd: options.root ?? ROOT,
    stdout: "null",
    stderr: "null",
    env: { DENO_NO_UPDATE_CHECK: "1" },
  }).spawn();
  let exited = false;
  child.status.then(() => exited = true);
  while (!(await pingOnce(socket))) {
    if (exited) throw new Error(`the daemon exited before answering _ping (data root ${dataRoot})`);
    await new Promise((r) => setTimeout(r, 1));
  }
  const startMs = performance.now() - started;
  const end = async (signal: Deno.Signal, cleanUp: boolean) => {
    if (!exited) child.kill(signal);
    await child.status;
    if (cleanUp) await Deno.remove(dir, { recursive: true }).catch(() => {});
  };
  return {
    socket,
    dataRoot,
    pid: child.pid,
    startMs,
    stop: () => end("SIGTERM", true),
    async kill() {
      await end("SIGKILL", options.dataRoot !== undefined);
    },
  };
}

/** Median of samples. */
export function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
