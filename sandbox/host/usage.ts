/**
 * @module
 * Resource usage of host processes from Linux's `/proc` (CPU time and resident memory of each
 * pid); where `/proc` cannot be read the figures are 0.
 */

import type { Usage } from "../runtime.ts";

const CLOCK_TICKS = 100;
const PAGE_BYTES = 4096;

async function procStat(pid: number): Promise<{ cpuNanos: number; memoryBytes: number }> {
  try {
    const stat = await Deno.readTextFile(`/proc/${pid}/stat`);
    // Fields after the command (which may hold spaces) start after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(fields[11]) + Number(fields[12]);
    return { cpuNanos: (ticks / CLOCK_TICKS) * 1e9, memoryBytes: Number(fields[21]) * PAGE_BYTES };
  } catch {
    return { cpuNanos: 0, memoryBytes: 0 };
  }
}

/** The summed usage of `pids`. */
export async function usageOf(pids: number[]): Promise<Usage> {
  const each = await Promise.all(pids.map(procStat));
  return {
    cpuNanos: each.reduce((sum, u) => sum + u.cpuNanos, 0),
    memoryBytes: each.reduce((sum, u) => sum + u.memoryBytes, 0),
    pids: pids.length,
  };
}
