/**
 * @module
 * The engine's containers with their streams and files: logs, attach, top, stats, changes,
 * export, and the archive endpoints behind `docker cp`, over the container service.
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
import { closedOnAbort } from "./session.ts";
import { conflict, invalidParameter, notFound } from "../errors.ts";
import { lazyStream } from "../../../sandbox/oci/mod.ts";
import { publish } from "./container_events.ts";
import { topTable } from "./top.ts";
import { checkLogsReadable } from "./log_driver.ts";
import { ContainerService } from "./service.ts";
import { checkedTar } from "../images/tar_check.ts";
import {
  basename,
  checkWritablePath,
  GO_MODE_DIR,
  GO_MODE_SYMLINK,
  onlyStreams,
  statsOf,
} from "./io.ts";

/** The engine's containers with their streams and files. */
export class EngineContainers extends ContainerService
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

  async top(ref: string, psArgs: string) {
    const c = this.get(ref);
    if (!c.running) throw conflict(`container ${c.id} is not running`);
    const base = c.state.Pid - 1;
    const processes = (await c.runtimeContainer.processes()).map((p) => ({
      pid: base + p.pid,
      ppid: p.ppid === 0 ? 0 : base + p.ppid,
      user: p.user,
      started: p.started,
      tty: c.tty ? "pts/0" : "?",
      command: p.argv.join(" "),
    }));
    return topTable(processes, psArgs);
  }

  async stats(ref: string): Promise<Types.ContainerStatsResponse> {
    const c = this.get(ref);
    return statsOf(c, await c.runtimeContainer.usage());
  }

  async changes(ref: string) {
    const c = this.get(ref);
    return (await c.runtimeContainer.changes()).map((ch) => ({ Path: ch.path, Kind: ch.kind }));
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
    return lazyStream(() => c.runtimeContainer.getArchive("/"));
  }

  async archiveStat(ref: string, path: string): Promise<ArchiveStat> {
    const c = this.get(ref);
    if (!path.startsWith("/")) path = `/${c.config.WorkingDir || ""}/${path}`.replace(/\/+/g, "/");
    const st = await c.runtimeContainer.stat(path);
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
    return { stat, tar: await c.runtimeContainer.getArchive(path) };
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
    checkWritablePath(c.mountViews, c.hostConfig.ReadonlyRootfs, path);
    // dockerd takes a plain or compressed tar and refuses anything else (docker-py's
    // put_archive passes a gzip tar through, which was accepted and unpacked to nothing).
    const plain = await checkedTar(tar);
    // The runtime answers a broken or hostile archive with a 400, a mount point in the way
    // (a file bind) with dockerd's 500 (`unlinkat /etc/app.conf: device or resource busy`).
    await c.runtimeContainer.putArchive(path, plain, {
      noOverwriteDirNonDir: options.noOverwriteDirNonDir,
    });
    // `docker cp` into a container is acknowledged once its files are on disk.
    await this.save(c, true);
    publish(this, c, "extract-to-dir");
  }
}
