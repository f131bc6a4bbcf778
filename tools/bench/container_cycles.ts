/**
 * @module
 * Create → start → wait → remove cycles over the raw API, at concurrency 1 and 16: cycles per
 * second, each worker on its own keep-alive connection.
 *
 *     deno run -A tools/bench/container_cycles.ts [seconds]
 */

import { type BenchDaemonOptions, startBenchDaemon } from "./_daemon.ts";
import { UnixHttp } from "./_http.ts";

async function cycle(http: UnixHttp): Promise<void> {
  const created = await http.request("POST", "/v1.50/containers/create", {
    Image: "alpine",
    Cmd: ["true"],
  });
  if (created.status !== 201) throw new Error(`create: ${created.status} ${created.body}`);
  const { Id } = JSON.parse(created.body);
  const started = await http.request("POST", `/v1.50/containers/${Id}/start`);
  if (started.status !== 204) throw new Error(`start: ${started.status} ${started.body}`);
  const waited = await http.request("POST", `/v1.50/containers/${Id}/wait`);
  if (JSON.parse(waited.body).StatusCode !== 0) throw new Error(`wait: ${waited.body}`);
  const removed = await http.request("DELETE", `/v1.50/containers/${Id}`);
  if (removed.status !== 204) throw new Error(`remove: ${removed.status} ${removed.body}`);
}

/** Cycles per second of `concurrency` workers for `seconds`. */
export async function measure(
  socket: string,
  concurrency: number,
  seconds: number,
): Promise<number> {
  const until = performance.now() + seconds * 1000;
  const started = performance.now();
  const counts = await Promise.all(Array.from({ length: concurrency }, async () => {
    const http = await UnixHttp.connect(socket);
    let n = 0;
    while (performance.now() < until) {
      await cycle(http);
      n++;
    }
    http.close();
    return n;
  }));
  return counts.reduce((a, b) => a + b, 0) / ((performance.now() - started) / 1000);
}

/** Cycles per second at concurrency 1 and 16 on a daemon started with `options`. */
export async function cyclesPerSecond(
  options: BenchDaemonOptions,
  seconds: number,
): Promise<{ c1: number; c16: number }> {
  const daemon = await startBenchDaemon(options);
  try {
    const http = await UnixHttp.connect(daemon.socket);
    await http.request("POST", "/v1.50/images/create?fromImage=alpine&tag=latest");
    http.close();
    await measure(daemon.socket, 4, 1);
    return {
      c1: Math.round(await measure(daemon.socket, 1, seconds)),
      c16: Math.round(await measure(daemon.socket, 16, seconds)),
    };
  } finally {
    await daemon.stop();
  }
}

/** Runs the benchmark and returns its figures. */
export async function benchContainerCycles(seconds = 5): Promise<Record<string, number>> {
  const { c1, c16 } = await cyclesPerSecond({}, seconds);
  return { "cycles_per_s (concurrency 1)": c1, "cycles_per_s (concurrency 16)": c16 };
}

if (import.meta.main) console.log(await benchContainerCycles(Number(Deno.args[0] ?? 5)));
