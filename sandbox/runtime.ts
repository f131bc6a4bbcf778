/**
 * @module
 * The runtime port: where a container's processes run. The engine (`src/engine/`) decides what
 * containers, images, logs and states mean; a runtime only makes a container's filesystem,
 * runs its processes and moves its files. Types only: the in-process sandbox implements it
 * (`sandbox/sandbox_runtime.ts`), the agent carries it over a WebSocket (`sandbox/agent/`), and
 * the native and cloud runtimes implement it next.
 *
 * Rules every implementation keeps:
 * - Whatever streams or waits is async and takes an optional `AbortSignal`; an aborted call
 *   rejects with the signal's reason and leaves nothing half made.
 * - Errors are `DockerError`s (`sandbox/errors.ts`) of the right kind: a missing path is
 *   `NotFound`, a bad tar or a path that escapes the root is `InvalidParameter`, an optional
 *   capability the runtime lacks is `NotImplemented`.
 * - Streams have backpressure: a process's output is produced only as fast as it is read.
 */

/** One layer of an image as a tar (uncompressed), lowest first in a rootfs. */
export interface RootfsLayer {
  /** `sha256:<hex>` of the uncompressed tar: the key a runtime caches unpacked layers by. */
  diffId: string;
  /** Opens the tar from its start. */
  open(): ReadableStream<Uint8Array>;
}

/** A container's root filesystem: an image's layers, unpacked by the runtime as it sees fit. */
export interface RootfsSource {
  /** Shown in diagnostics (`alpine:3.20`). */
  name: string;
  layers: readonly RootfsLayer[];
}

/** A mount: a host directory or file (bind or named volume) or a tmpfs. */
export interface MountSpec {
  type: "bind" | "volume" | "tmpfs";
  /** Host directory for `bind` and `volume`, or a host file for a `bind` of one file. */
  source?: string;
  /** Absolute path inside the container. */
  target: string;
  readOnly?: boolean;
  /**
   * dockerd's copy-up: when the host directory is empty and the image has a directory at
   * `target`, its content is copied into the host directory before the mount is made.
   */
  copyUp?: boolean;
}

/** Everything a runtime needs to make a container. */
export interface ContainerSpec {
  rootfs: RootfsSource;
  hostname?: string;
  /** `/etc/hosts` entries besides localhost and the hostname (aliases, `--add-host`). */
  hosts?: { ip: string; names: string[] }[];
  mounts?: MountSpec[];
  /** `docker run --read-only`: processes cannot write the root filesystem (mounts keep theirs). */
  readOnlyRoot?: boolean;
  /** Made (with parents) when missing, as dockerd does for `WorkingDir`. */
  workingDir?: string;
  /** Files the runtime writes into the rootfs before any process runs (`/etc/resolv.conf`). */
  files?: { path: string; data: Uint8Array | string }[];
  /**
   * A writable layer saved by {@linkcode RuntimeContainer.saveLayer}, restored over the image.
   * Bytes the runtime cannot read (torn, damaged) are refused with an `InvalidParameter` whose
   * message names the "writable layer"; the engine then makes the container without them.
   */
  layer?: Uint8Array;
}

/** A process to run in a container. */
export interface ProcessSpec {
  argv: string[];
  env?: Record<string, string>;
  cwd?: string;
  /** `name`, `uid`, `name:group` or `uid:gid`. */
  user?: string;
  /** Overrides the container's hostname for this process. */
  hostname?: string;
  /** A terminal: stderr merged into stdout, `\n` written as `\r\n`. */
  tty?: boolean;
  /** Keep stdin open for writing; otherwise the process reads an empty stdin. */
  stdin?: boolean;
}

/** A running (or finished) process. */
export interface RuntimeProcess {
  readonly pid: number;
  readonly stdout: ReadableStream<Uint8Array>;
  /** With `tty`, a stream that ends at once (everything is on `stdout`). */
  readonly stderr: ReadableStream<Uint8Array>;
  /** Closing it is the half-close of stdin (EOF for the process). */
  readonly stdin: WritableStream<Uint8Array>;
  /** Resolves with the exit status (128+n after signal n). */
  readonly exited: Promise<number>;
  /** Delivers a signal by name (`TERM`, `SIGKILL`, `9`, …); resolves once it is delivered. */
  signal(name: string): Promise<void>;
  /** Sets the terminal size; only where `capabilities.resize`. */
  resize?(height: number, width: number): Promise<void>;
}

/** A path's stat (`HEAD /archive`, `docker cp`). */
export interface PathStat {
  kind: "file" | "directory" | "symlink";
  size: number;
  mode: number;
  mtime: Date;
  linkTarget?: string;
}

/** One entry of `docker diff`: 0 modified, 1 added, 2 deleted. */
export interface Change {
  path: string;
  kind: 0 | 1 | 2;
}

/** One row of the process list (`docker top`). */
export interface ProcessInfo {
  pid: number;
  ppid: number;
  argv: string[];
  user: string;
  started: Date;
}

/** Resource usage, for `docker stats`. */
export interface Usage {
  cpuNanos: number;
  memoryBytes: number;
  pids: number;
}

/** Options of {@linkcode RuntimeContainer.putArchive}. */
export interface PutArchiveOptions {
  /** Refuse to replace a directory with a non-directory or the other way round. */
  noOverwriteDirNonDir?: boolean;
  /** Keep the tar's uid/gid (otherwise entries belong to root). */
  copyUIDGID?: boolean;
}

/** A saved writable layer: opaque bytes for {@linkcode ContainerSpec.layer}. */
export interface SavedLayer {
  /** Changes with every write to the layer; equal generations mean equal content. */
  generation: number;
  bytes: Uint8Array;
}

/** A container of a runtime: its filesystem and the processes run in it. */
export interface RuntimeContainer {
  /** The writable layer's generation (see {@linkcode SavedLayer}), cheap to read. */
  layerGeneration(): number;
  spawn(spec: ProcessSpec, signal?: AbortSignal): Promise<RuntimeProcess>;
  /** dockerd's error for a user the container's `/etc/passwd` lacks, or undefined. */
  checkUser(user: string, signal?: AbortSignal): Promise<string | undefined>;
  /** Stat of a path, not following a final symlink; undefined when it does not exist. */
  stat(path: string, signal?: AbortSignal): Promise<PathStat | undefined>;
  readFile(path: string, signal?: AbortSignal): Promise<Uint8Array>;
  /** Writes a file the runtime manages (`/etc/hosts`), whatever `readOnlyRoot` says. */
  writeFile(path: string, data: Uint8Array | string, signal?: AbortSignal): Promise<void>;
  /** A tar of `path` (named by its base name, as `docker cp` wants), streamed. */
  getArchive(path: string, signal?: AbortSignal): Promise<ReadableStream<Uint8Array>>;
  /** Extracts a tar into the directory `path`; a bad tar or an escaping entry changes nothing. */
  putArchive(
    path: string,
    tar: ReadableStream<Uint8Array>,
    options?: PutArchiveOptions,
    signal?: AbortSignal,
  ): Promise<void>;
  /** What changed since the image, sorted by path (`docker diff`). */
  changes(signal?: AbortSignal): Promise<Change[]>;
  /** Bytes of the files the writable layer holds (`SizeRw`). */
  changedBytes(signal?: AbortSignal): Promise<number>;
  /** The writable layer as an image layer tar, with whiteouts (`commit`, a build step). */
  exportChanges(signal?: AbortSignal): Promise<ReadableStream<Uint8Array>>;
  /** The writable layer, to restore later through {@linkcode ContainerSpec.layer}. */
  saveLayer(signal?: AbortSignal): Promise<SavedLayer>;
  processes(signal?: AbortSignal): Promise<ProcessInfo[]>;
  usage(signal?: AbortSignal): Promise<Usage>;
  /** Freezes every process; only where `capabilities.pause`. */
  pause?(): Promise<void>;
  resume?(): Promise<void>;
  /** Kills every process (TERM, then KILL after `timeoutMs`) and frees what the container held. */
  destroy(timeoutMs: number): Promise<void>;
}

/** What a runtime can do beyond the required methods. */
export interface RuntimeCapabilities {
  pause: boolean;
  /** Published ports (`-p`): the runtime has real sockets to serve them. */
  publishedPorts: boolean;
  resize: boolean;
}

/** A runtime: makes containers. */
export interface Runtime {
  /** `sandbox`, `native`, `host`, … (what `docker info` lists under `Runtimes`). */
  readonly name: string;
  readonly capabilities: RuntimeCapabilities;
  createContainer(spec: ContainerSpec, signal?: AbortSignal): Promise<RuntimeContainer>;
  /**
   * The images in use changed: unpacked layer chains none of `chains` (lists of `diffId`s)
   * starts with may be dropped.
   */
  retainLayers(chains: readonly (readonly string[])[]): void;
}
