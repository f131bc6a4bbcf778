/**
 * @module
 * Daemon start to the first answered `_ping`, dependencies cached: the median of N starts, both
 * as `deno run src/main.ts` and through `deno task serve` (which adds the task runner).
 *
 *     deno run -A tools/bench/startup.ts [runs]
 */

import { median, startBenchDaemon } from "./_daemon.ts";

/** Runs the benchmark and returns its figures. */
export async function benchStartup(runs = 10): Promise<Record<string, number>> {
  const direct: number[] = [];
  const task: number[] = [];
  await (await startBenchDaemon()).stop(); // warm the module cache
  for (let i = 0; i < runs; i++) {
    for (const [viaTask, samples] of [[false, direct], [true, task]] as const) {
      const daemon = await startBenchDaemon({ viaTask });
      samples.push(daemon.startMs);
      await daemon.stop();
    }
  }
  return {
    "start_to_first_ping_ms (deno run, median)": Math.round(median(direct)),
    "start_to_first_ping_ms (deno task serve, median)": Math.round(median(task)),
  };
}

if (import.meta.main) console.log(await benchStartup(Number(Deno.args[0] ?? 10)));
