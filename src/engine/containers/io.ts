/**
 * @module
 * The streaming and filesystem side of memory containers: logs, attach, top, stats, changes,
 * export, and the archive endpoints behind `docker cp`.
 */

import type {
  ArchiveBackend,
  ArchiveStat,
  AttachOptions,
  ContainerBackend,
  ContainerLog,
  LogsOptions,
  MonitorBackend,
  StreamsBackend,
  StreamSession,
} from "./backend.ts";
import type { Types } from "../../../generated/docker/mod.ts";
import { conflict, DockerError, invalidParameter, notFound } from "../errors.ts";
import { ErrnoError } from "../../../sandbox/mod.ts";
import type { LogEntry } from "../logs.ts";
import { STDOUT } from "../stdcopy.ts";
import type { MemoryContainer } from "./container.ts";
import { publish } from "./lifecycle.ts";
import { closedOnAbort } from "./session.ts";
import { topTable } from "./top.ts";
import { checkLogsReadable } from "./log_driver.ts";
import { MemoryContainerService } from "./service.ts";
import { checkedTar } from "../images/tar_check.ts";
import type { MountView } from "./mounts.ts";

const GO_MODE_DIR = 2 ** 31;
const GO_MODE_SYMLINK = 2 ** 27;

async function* onlyStreams(
  entries: AsyncIterable<LogEntry>,
  stdout: boolean,
  stderr: boolean,
): AsyncGenerator<LogEntry> {
  for await (const e of entries) if (e.stream === STDOUT ? stdout : stderr) yield e;
}

function basename(path: string): string {
  const trimmed = path.replace(/\/+$/, "");
  return trimmed.slice(trimmed.lastIndexOf("/") + 1) || "/";
}

/** Memory containers with their streams and files. */
export class MemoryContainers extends MemoryContainerService
  implements ContainerBackend, StreamsBackend, ArchiveBackend, MonitorBackend {
  logs(ref: string, options: LogsOptions, signal: AbortSignal): Promise<ContainerLog> {
    return Promise.try(() => this.#logs(ref, options, signal));
  }

  #logs(ref: string, options: LogsOptions, signal: AbortSignal): ContainerLog {
    const c = this.get(ref);
    checkLogsReadable(c.hostConfig.LogConfig?.Type);
    const entries = c.logs.read({
      since: options.since,
      until: options.until,
      tail: options.tail,
      follow: options.follow,
      signal,
    });
    return { tty: c.tty, entries: onlyStreams(entries, options.stdout, options.stderr) };
  }

  attach(ref: string, options: AttachOptions, signal: AbortSignal): Promise<StreamSession> {
    return Promise.try(() => closedOnAbort(this.#attach(ref, options), signal));
  }

  #attach(ref: string, options: AttachOptions): StreamSession {
    const c = this.get(ref);
    if (c.state.Paused) {
      throw conflict(`container ${ref} is paused, unpause the container before attach`);
    }
    if (c.state.Restarting) {
      throw conflict(`container ${ref} is restarting, wait until the container is running`);
    }
    const live = options.stream
      ? c.attach({ stdout: options.stdout, stderr: options.stderr, stdin: options.stdin })
      : null;
    // Like every container event, attach carries the labels (`--filter label=` selects it).
    if (live) publish(this, c, "attach");
    if (!options.logs && live) return live;
    const replay = onlyStreams(c.logs.read({}), options.stdout, options.stderr);
    async function* both() {
      for await (const e of replay) yield { stream: e.stream, data: e.data };
      if (live) yield* live.output;
    }
    return {
      tty: c.tty,
      output: both(),
      attachStdin: (input) => live?.attachStdin(input),
      close: () => live?.close(),
    };
  }

  top(ref: string, psArgs: string) {
    const c = this.get(ref);
    if (!c.running) throw conflict(`container ${c.id} is not running`);
    const base = c.state.Pid - 1;
    const processes = c.sandbox.processes().map((p) => ({
      pid: base + p.pid,
      ppid: p.ppid === 0 ? 0 : base + p.ppid,
      user: p.user,
      started: p.started,
      tty: c.tty ? "pts/0" : "?",
      command: p.argv.join(" "),
    }));
    return Promise.resolve(topTable(processes, psArgs));
  }

  stats(ref: string): Promise<Types.ContainerStatsResponse> {
    const c = this.get(ref);
    return Promise.resolve(statsOf(c));
  }

  changes(ref: string) {
    const c = this.get(ref);
    const kinds = { modified: 0, added: 1, deleted: 2 } as const;
    return Promise.resolve(
      c.sandbox.changes().map((ch) => ({ Path: ch.path, Kind: kinds[ch.kind] })),
    );
  }

  /** The transport cancels the tar when the client goes away: nothing to stop before that. */
  export(ref: string, _signal: AbortSignal): Promise<ReadableStream<Uint8Array>> {
    return Promise.try(() => this.#export(ref));
  }

  #export(ref: string): ReadableStream<Uint8Array> {
    const c = this.get(ref);
    this.events.publish({
      Type: "container",
      Action: "export",
      id: c.id,
      attributes: { name: c.name, image: c.imageName },
    });
    return c.sandbox.exportTar("/");
  }

  async archiveStat(ref: string, path: string): Promise<ArchiveStat> {
    const c = this.get(ref);
    if (!path.startsWith("/")) path = `/${c.config.WorkingDir || ""}/${path}`.replace(/\/+/g, "/");
    const st = await c.sandbox.stat(path);
    if (!st) throw notFound(`Could not find the file ${path} in container ${c.name}`);
    const typeBits = st.kind === "directory"
      ? GO_MODE_DIR
      : st.kind === "symlink"
      ? GO_MODE_SYMLINK
      : 0;
    return {
      name: basename(path),
      size: st.size,
      mode: typeBits + (st.mode & 0o7777),
      mtime: st.mtime.toISOString(),
      linkTarget: st.linkTarget ?? "",
    };
  }

  /** The transport cancels the tar when the client goes away: nothing to stop before that. */
  async archiveGet(ref: string, path: string, _signal: AbortSignal) {
    const stat = await this.archiveStat(ref, path);
    const c = this.get(ref);
    publish(this, c, "archive-path");
    return { stat, tar: c.sandbox.exportTar(path) };
  }

  async archivePut(
    ref: string,
    path: string,
    tar: ReadableStream<Uint8Array>,
    options: { noOverwriteDirNonDir: boolean; copyUIDGID: boolean },
  ): Promise<void> {
    const c = this.get(ref);
    const stat = await this.archiveStat(ref, path);
    if (stat.mode < GO_MODE_DIR) {
      throw invalidParameter(`extraction point is not a directory`);
    }
    checkWritablePath(this.extras(c).mounts as MountView[], c.hostConfig.ReadonlyRootfs, path);
    // dockerd takes a plain or compressed tar and refuses anything else (docker-py's
    // put_archive passes a gzip tar through, which was accepted and unpacked to nothing).
    const plain = await checkedTar(tar);
    await c.sandbox.importTar(path, plain, { noOverwriteDirNonDir: options.noOverwriteDirNonDir })
      .catch((err) => {
        // A mount point in the way (a file bind) fails as dockerd's untar does when it unlinks
        // the old file first: a 500 with Go's error, `unlinkat /etc/app.conf: device or ...`.
        if (err instanceof ErrnoError) {
          throw new DockerError("System", `${err.syscall} ${err.path}: ${err.text.toLowerCase()}`);
        }
        // The archive is the client's: a hostile or broken one is a bad request, not our fault.
        throw invalidParameter(`invalid archive: ${err instanceof Error ? err.message : err}`);
      });
    // `docker cp` into a container is acknowledged once its files are on disk.
    await this.save(c, true);
    publish(this, c, "extract-to-dir");
  }
}

/**
 * dockerd's checkWritablePath: a path under a mount is writable when the mount is; elsewhere
 * when the root filesystem is. Both refusals are its 400s.
 */
function checkWritablePath(mounts: MountView[], readonlyRoot: boolean | undefined, path: string) {
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
 * A stats sample from the sandbox's accounting: CPU nanoseconds the container held the thread,
 * the bytes it holds, its live processes. `system_cpu_usage` is host wall time times the CPU
 * count, so clients compute CPU % as for a Linux host.
 */
function statsOf(c: MemoryContainer): Types.ContainerStatsResponse {
  const now = new Date().toISOString();
  const usage = c.sandbox.usage();
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
