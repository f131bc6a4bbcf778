/**
 * @module
 * The container capabilities a backend implements, split as moby splits its container router's
 * backend (state, monitor, attach, archive, commit, exec): a backend may lack any but the first,
 * and the operations of a missing one answer 501. Methods take an id, name or unique id prefix
 * (`ref`) and answer in the API's shapes (the generated types); errors are DockerErrors of the
 * right kind. A method that streams or waits is async and takes the request's AbortSignal: it
 * resolves once the container is checked, so its errors go out before any `101` or `200`.
 */

import type { Types } from "../../../generated/docker/mod.ts";
import type { LogEntry } from "../logs.ts";

/** Key → accepted values, parsed from a `filters` parameter. */
export type FilterMap = ReadonlyMap<string, readonly string[]>;

/** Filter keys of `docker ps`. */
export const CONTAINER_LIST_FILTERS = [
  "ancestor",
  "before",
  "expose",
  "exited",
  "health",
  "id",
  "isolation",
  "is-task",
  "label",
  "name",
  "network",
  "publish",
  "since",
  "status",
  "volume",
];

/** Filter keys of `docker container prune`. */
export const CONTAINER_PRUNE_FILTERS = ["label", "label!", "until"];

/** One chunk of container output. */
export interface OutputChunk {
  /** 1 stdout, 2 stderr. */
  stream: number;
  data: Uint8Array;
}

/** A live connection to a container's or exec's streams. */
export interface StreamSession {
  /** Raw stream (no multiplexing) when the process has a TTY. */
  readonly tty: boolean;
  /** Detach keys configured for the process (exec's DetachKeys), if any. */
  readonly detachKeys?: string;
  /** Output until the process ends or the session is closed. */
  readonly output: AsyncIterable<OutputChunk>;
  /** Feeds the client's stdin to the process (ignored when stdin was not asked for). */
  attachStdin(input: ReadableStream<Uint8Array>): void;
  /** The client went away. */
  close(): void;
}

/** What `attach` streams. */
export interface AttachOptions {
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  /** Replay the log first. */
  logs: boolean;
  /** Stream live output. */
  stream: boolean;
}

/** What `logs` reads. */
export interface LogsOptions {
  stdout: boolean;
  stderr: boolean;
  follow: boolean;
  since?: bigint;
  until?: bigint;
  tail?: number;
}

/** A path's stat, as `X-Docker-Container-Path-Stat`. */
export interface ArchiveStat {
  name: string;
  size: number;
  mode: number;
  mtime: string;
  linkTarget: string;
}

/** The body of container create. */
export type ContainerCreateBody = Types.ContainerConfig & {
  HostConfig?: Types.HostConfig;
  NetworkingConfig?: Types.NetworkingConfig;
};

/** A registered wait: `result` settles when the condition is met. */
export interface ContainerWaiter {
  readonly result: Promise<Types.ContainerWaitResponse>;
}

/** The Container capability: the life cycle and state of containers (moby's stateBackend). */
export interface ContainerBackend {
  /** `platform` (`os/arch[/variant]`) is the image platform the client asked for, if any. */
  create(
    name: string | undefined,
    body: ContainerCreateBody,
    options?: { platform?: string },
  ): Promise<Types.ContainerCreateResponse>;
  list(options: { all: boolean; limit?: number; size: boolean; filters: FilterMap }): Promise<
    Types.ContainerSummary[]
  >;
  inspect(ref: string, size: boolean): Promise<Types.ContainerInspectResponse>;
  start(ref: string): Promise<void>;
  stop(ref: string, options: { timeout?: number; signal?: string }): Promise<void>;
  restart(ref: string, options: { timeout?: number; signal?: string }): Promise<void>;
  kill(ref: string, signal?: string): Promise<void>;
  /**
   * Resolves once the waiter is registered (NotFound for an unknown container), so a start
   * that follows cannot race it. Aborting `signal` drops the waiter.
   */
  wait(
    ref: string,
    condition: "not-running" | "next-exit" | "removed",
    signal: AbortSignal,
  ): Promise<ContainerWaiter>;
  remove(ref: string, options: { force: boolean; volumes: boolean; link: boolean }): Promise<void>;
  rename(ref: string, name: string): Promise<void>;
  pause(ref: string): Promise<void>;
  unpause(ref: string): Promise<void>;
  prune(filters: FilterMap): Promise<Types.ContainerPruneResponse>;
  update(ref: string, body: Types.Resources & { RestartPolicy?: Types.RestartPolicy }): Promise<
    Types.ContainerUpdateResponse
  >;
  resize(ref: string, height: number, width: number): Promise<void>;
}

/** A container's log, as `logs` hands it back. */
export interface ContainerLog {
  readonly tty: boolean;
  readonly entries: AsyncIterable<LogEntry>;
}

/** The Streams capability: attach and logs (moby's attachBackend and logs). */
export interface StreamsBackend {
  /** Aborting `signal` ends the log (a follow stops waiting for more). */
  logs(ref: string, options: LogsOptions, signal: AbortSignal): Promise<ContainerLog>;
  /** Aborting `signal` closes the session. */
  attach(ref: string, options: AttachOptions, signal: AbortSignal): Promise<StreamSession>;
}

/** The Archive capability: a container's filesystem (moby's archiveBackend, export, changes). */
export interface ArchiveBackend {
  archiveStat(ref: string, path: string): Promise<ArchiveStat>;
  archiveGet(
    ref: string,
    path: string,
    signal: AbortSignal,
  ): Promise<{ stat: ArchiveStat; tar: ReadableStream<Uint8Array> }>;
  archivePut(
    ref: string,
    path: string,
    tar: ReadableStream<Uint8Array>,
    options: { noOverwriteDirNonDir: boolean; copyUIDGID: boolean },
  ): Promise<void>;
  /** The whole filesystem as a tar (`docker export`). */
  export(ref: string, signal: AbortSignal): Promise<ReadableStream<Uint8Array>>;
  changes(ref: string): Promise<Types.FilesystemChange[]>;
}

/** The Monitor capability: what runs in a container and what it uses (moby's monitorBackend). */
export interface MonitorBackend {
  top(ref: string, psArgs: string): Promise<Types.ContainerTopResponse>;
  /** One sample; the handler paces a stream of them. */
  stats(ref: string): Promise<Types.ContainerStatsResponse>;
}

/** Options of `docker commit`. */
export interface CommitOptions {
  repo?: string;
  tag?: string;
  comment?: string;
  author?: string;
  /** Dockerfile instructions to apply (`CMD ["sh"]`, `ENV A=b`, ...). */
  changes: string[];
  /** Config fields from the request body, over the container's. */
  config: Record<string, unknown>;
}

/** The Commit capability: a container's changes become an image (moby's commitBackend). */
export interface CommitBackend {
  commit(container: string, options: CommitOptions): Promise<Types.IDResponse>;
}

/** The body of exec create (inline in the spec). */
export interface ExecConfig {
  AttachStdin?: boolean;
  AttachStdout?: boolean;
  AttachStderr?: boolean;
  DetachKeys?: string;
  Tty?: boolean;
  Env?: string[];
  Cmd?: string[];
  Privileged?: boolean;
  User?: string;
  WorkingDir?: string;
}

/** The Exec capability (moby's execBackend). */
export interface ExecBackend {
  create(ref: string, config: ExecConfig): Promise<Types.IDResponse>;
  /** Starts the exec; `null` when detached. Aborting `signal` closes the session. */
  start(
    id: string,
    options: { detach: boolean; tty: boolean },
    signal: AbortSignal,
  ): Promise<StreamSession | null>;
  inspect(id: string): Promise<Types.ExecInspectResponse>;
  resize(id: string, height: number, width: number): Promise<void>;
}
