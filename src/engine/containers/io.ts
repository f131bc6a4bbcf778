/**
 * @module
 * Helpers of the streaming and filesystem side of the engine's containers (engine_containers.ts):
 * stream filtering, `docker cp`'s stat bits and writable-path check, and stats samples.
 */

import type { Types } from "../../../generated/docker/mod.ts";
import { invalidParameter } from "../errors.ts";
import type { LogEntry } from "../logs.ts";
import type { Usage } from "../../../sandbox/runtime.ts";
import { STDOUT } from "../stdcopy.ts";
import type { EngineContainer } from "./container.ts";
import type { MountView } from "./mounts.ts";

/** Go's `os.ModeDir` and `os.ModeSymlink` bits, as `docker cp`'s stat header carries them. */
export const GO_MODE_DIR = 2 ** 31;
export const GO_MODE_SYMLINK = 2 ** 27;

/** The entries of the wanted streams. */
export async function* onlyStreams(
  entries: AsyncIterable<LogEntry>,
  stdout: boolean,
  stderr: boolean,
): AsyncGenerator<LogEntry> {
  for await (const e of entries) if (e.stream === STDOUT ? stdout : stderr) yield e;
}

/** The last element of a path (`/` for the root). */
export function basename(path: string): string {
  const trimmed = path.replace(/\/+$/, "");
  return trimmed.slice(trimmed.lastIndexOf("/") + 1) || "/";
}

/**
 * dockerd's checkWritablePath: a path under a mount is writable when the mount is; elsewhere
 * when the root filesystem is. Both refusals are its 400s.
 */
export function checkWritablePath(
  mounts: MountView[],
  readonlyRoot: boolean | undefined,
  path: string,
) {
  const target = path.replace(/\/\.?$/, "") || "/";
  const mount = mounts.find((m) =>
    target === m.Destination || target.startsWith(`${m.Destination.replace(/\/$/, "")}/`)
  );
  if (mount) {
    if (!mount.RW) throw invalidParameter("mounted volume is marked read-only");
    return;
  }
  if (readonlyRoot) throw invalidParameter("container rootfs is marked read-only");
}

/**
 * A stats sample from the runtime's accounting: CPU nanoseconds, the bytes the container holds,
 * its live processes. `system_cpu_usage` is host wall time times the CPU
 * count, so clients compute CPU % as for a Linux host.
 */
export function statsOf(c: EngineContainer, usage: Usage): Types.ContainerStatsResponse {
  const now = new Date().toISOString();
  const cpus = navigator.hardwareConcurrency;
  const cpu = {
    cpu_usage: {
      total_usage: usage.cpuNanos,
      usage_in_kernelmode: 0,
      usage_in_usermode: usage.cpuNanos,
    },
    system_cpu_usage: Math.round((performance.timeOrigin + performance.now()) * 1e6 * cpus),
    online_cpus: cpus,
    throttling_data: { periods: 0, throttled_periods: 0, throttled_time: 0 },
  };
  return {
    id: c.id,
    name: `/${c.name}`,
    os_type: "linux",
    read: now,
    preread: now,
    pids_stats: { current: c.running ? usage.pids : 0 },
    blkio_stats: {},
    num_procs: 0,
    storage_stats: {},
    cpu_stats: cpu,
    precpu_stats: cpu,
    memory_stats: { usage: usage.memoryBytes, limit: Deno.systemMemoryInfo().total, stats: {} },
    networks: {},
  };
}
