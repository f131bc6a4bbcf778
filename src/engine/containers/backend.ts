/**
 * @module
 * The Container and Exec capabilities a backend implements. Methods take an id, name or unique
 * id prefix (`ref`) and answer in the API's shapes; errors are DockerErrors of the right kind.
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
  signal?: AbortSignal;
}

/** A path's stat, as `X-Docker-Container-Path-Stat`. */
export interface ArchiveStat {
  name: string;
  size: number;
  mode: number;
  mtime: string;
  linkTarget: string;
}

/** The Container capability. */
export interface ContainerBackend {
  /** `platform` (`os/arch[/variant]`) is the image platform the client asked for, if any. */
  create(
    name: string | undefined,
    body: Types.ContainerConfig & {
      HostConfig?: Types.HostConfig;
      NetworkingConfig?: Types.NetworkingConfig;
    },
    options?: { platform?: string },
  ): Promise<{ Id: string; Warnings: string[] }>;
  list(options: { all: boolean; limit?: number; size: boolean; filters: FilterMap }): Promise<
    Record<string, unknown>[]
  >;
  inspect(ref: string, size: boolean): Promise<Record<string, unknown>>;
  start(ref: string): Promise<void>;
  stop(ref: string, options: { timeout?: number; signal?: string }): Promise<void>;
  restart(ref: string, options: { timeout?: number; signal?: string }): Promise<void>;
  kill(ref: string, signal?: string): Promise<void>;
  /**
   * Registers the waiter before returning its promise, so a following start cannot race it;
   * throws at once (not through the promise) for an unknown container.
   */
  wait(
    ref: string,
    condition: "not-running" | "next-exit" | "removed",
    signal: AbortSignal,
  ): Promise<{ StatusCode: number; Error?: { Message: string } }>;
  remove(ref: string, options: { force: boolean; volumes: boolean; link: boolean }): Promise<void>;
  rename(ref: string, name: string): Promise<void>;
  pause(ref: string): Promise<void>;
  unpause(ref: string): Promise<void>;
  logs(ref: string, options: LogsOptions): { tty: boolean; entries: AsyncIterable<LogEntry> };
  attach(ref: string, options: AttachOptions): StreamSession;
  top(ref: string, psArgs: string): Promise<{ Titles: string[]; Processes: string[][] }>;
  stats(ref: string): Promise<Record<string, unknown>>;
  changes(ref: string): Promise<{ Path: string; Kind: number }[]>;
  export(ref: string): ReadableStream<Uint8Array>;
  prune(filters: FilterMap): Promise<{ ContainersDeleted: string[]; SpaceReclaimed: number }>;
  update(ref: string, body: Types.Resources & { RestartPolicy?: Types.RestartPolicy }): Promise<
    { Warnings: string[] }
  >;
  resize(ref: string, height: number, width: number): Promise<void>;
  archiveStat(ref: string, path: string): Promise<ArchiveStat>;
  archiveGet(
    ref: string,
    path: string,
  ): Promise<{ stat: ArchiveStat; tar: ReadableStream<Uint8Array> }>;
  archivePut(
    ref: string,
    path: string,
    tar: ReadableStream<Uint8Array>,
    options: { noOverwriteDirNonDir: boolean; copyUIDGID: boolean },
  ): Promise<void>;
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

/** The Exec capability. */
export interface ExecBackend {
  create(ref: string, config: ExecConfig): Promise<{ Id: string }>;
  /** Starts the exec; `null` when detached. */
  start(id: string, options: { detach: boolean; tty: boolean }): Promise<StreamSession | null>;
  inspect(id: string): Promise<Record<string, unknown>>;
  resize(id: string, height: number, width: number): Promise<void>;
}
