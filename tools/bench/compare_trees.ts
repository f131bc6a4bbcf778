/**
 * @module
 * Two source trees (an old and a new commit) benched alternately in one invocation, so both see
 * the same machine load: per round and tree, daemon start to first `_ping`, `docker run --rm
 * alpine true` and `docker exec CTR true` (CLI wall time) and create → start → wait → remove
 * cycles/s at concurrency 1 and 16. Prints each tree's medians and new/old ratios.
 *
 *     git worktree add /tmp/old <commit>
 *     deno run -A tools/bench/compare_trees.ts /tmp/old . [rounds]
 */

import { median, startBenchDaemon } from "./_daemon.ts";
import { measure } from "./container_cycles.ts";
import { UnixHttp } from "./_http.ts";

type Samples = Record<string, number[]>;

async function timedCli(host: string, args: string[]): Promise<number> {
  const started = performance.now();
  const out = await new Deno.Command("docker", {
    args,
    env: { DOCKER_HOST: host },
    stdout: "null",
    stderr: "piped",
  }).output();
  if (!out.success) {
    throw new Error(`docker ${args.join(" ")}: ${new TextDecoder().decode(out.stderr)}`);
  }
  return performance.now() - started;
}

async function cliSamples(host: string, args: string[], n: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) times.push(await timedCli(host, args));
  return median(times);
}

/** One round on one tree: a fresh daemon, its start time, then the CLI and cycle figures. */
async function round(root: string, samples: Samples, flags: string[]): Promise<void> {
  const daemon = await startBenchDaemon({ root, flags });
  const push = (name: string, value: number) => (samples[name] ??= []).push(value);
  try {
    push("start_to_first_ping_ms", daemon.startMs);
    const host = `unix://${daemon.socket}`;
    const http = await UnixHttp.connect(daemon.socket);
    await http.request("POST", "/v1.50/images/create?fromImage=alpine&tag=latest");
    http.close();
    await timedCli(host, ["run", "-d", "--name", "bench-exec", "alpine", "sleep", "3600"]);
    await cliSamples(host, ["run", "--rm", "alpine", "true"], 3); // warm-up
    push("docker_run_rm_ms", await cliSamples(host, ["run", "--rm", "alpine", "true"], 15));
    push("docker_exec_ms", await cliSamples(host, ["exec", "bench-exec", "true"], 15));
    await measure(daemon.socket, 4, 0.5);
    push("cycles_per_s_c1", await measure(daemon.socket, 1, 2));
    push("cycles_per_s_c16", await measure(daemon.socket, 16, 2));
  } finally {
    await daemon.stop();
  }
}

/** Benches `oldRoot` and `newRoot` alternately for `rounds` rounds. */
export async function compareTrees(
  oldRoot: string,
  newRoot: string,
  rounds = 5,
  newFlags: string[] = [],
): Promise<Record<string, Record<string, number>>> {
  const old: Samples = {};
  const neu: Samples = {};
  for (let i = 0; i < rounds; i++) {
    // Alternate which tree goes first, so neither always runs on a warmer machine.
    const order: [string, Samples, string[]][] = i % 2 === 0
      ? [[oldRoot, old, []], [newRoot, neu, newFlags]]
      : [[newRoot, neu, newFlags], [oldRoot, old, []]];
    for (const [root, samples, flags] of order) await round(root, samples, flags);
  }
  const out: Record<string, Record<string, number>> = {};
  for (const name of Object.keys(old)) {
    const o = median(old[name]);
    const n = median(neu[name]);
    out[name] = {
      old: Math.round(o * 10) / 10,
      new: Math.round(n * 10) / 10,
      ratio: Math.round((n / o) * 1000) / 1000,
    };
  }
  return out;
}

if (import.meta.main) {
  const [oldRoot, newRoot, rounds, ...flags] = Deno.args;
  if (!oldRoot || !newRoot) {
    console.error("usage: compare_trees.ts OLD_ROOT NEW_ROOT [rounds] [new daemon flags…]");
    Deno.exit(2);
  }
  console.log(
    JSON.stringify(await compareTrees(oldRoot, newRoot, Number(rounds ?? 5), flags), null, 2),
  );
}
