/**
 * @module
 * The interface every backend implements, split by capability like moby's per-router backends.
 * A capability a backend does not provide leaves its operations answering 501, so a backend can
 * grow one capability at a time.
 */

import type { Types } from "../../generated/docker/mod.ts";
import type {
  ArchiveBackend,
  CommitBackend,
  ContainerBackend,
  ExecBackend,
  MonitorBackend,
  StreamsBackend,
} from "./containers/backend.ts";
import type { EventBus } from "./events.ts";
import type { RegistryAuth } from "../../sandbox/oci/mod.ts";
import type { NetworkBackend } from "./networks/backend.ts";
import type { PluginBackend } from "./plugins/backend.ts";
import type { VolumeBackend } from "./volumes/backend.ts";

/** Container counts by state, for `/info`. */
export interface ContainerCounts {
  running: number;
  paused: number;
  stopped: number;
}

/** Disk usage of one kind of object, for `/system/df`. */
export interface UsageOf<T> {
  items: T[];
  totalSize: number;
  reclaimable: number;
  activeCount: number;
}

/** Everything `/system/df` reports. */
export interface DiskUsage {
  layersSize: number;
  images: UsageOf<Types.ImageSummary>;
  containers: UsageOf<Types.ContainerSummary>;
  volumes: UsageOf<Types.Volume>;
  buildCache: UsageOf<Types.BuildCache>;
}

/** System-wide facts: counts for `/info`, usage for `/system/df`. */
export interface SystemBackend {
  containerCounts(): ContainerCounts;
  imageCount(): number;
  diskUsage(): Promise<DiskUsage>;
  /** Where the backend keeps its data (`DockerRootDir`). */
  readonly rootDir: string;
  /** Storage driver name shown by `docker info`. */
  readonly driver: string;
}

/**
 * A backend: a name, the shared event bus and the capabilities it implements. Each capability
 * is one property, so an operation's handler names the one it needs and a backend without it
 * answers that operation's 501.
 */
export interface Backend {
  readonly name: string;
  readonly events: EventBus;
  readonly system: SystemBackend;
  readonly containers?: ContainerBackend;
  readonly exec?: ExecBackend;
  readonly streams?: StreamsBackend;
  readonly archive?: ArchiveBackend;
  readonly monitor?: MonitorBackend;
  readonly commit?: CommitBackend;
  readonly images?: ImageBackend;
  readonly build?: BuildBackend;
  readonly volumes?: VolumeBackend;
  readonly networks?: NetworkBackend;
  readonly plugins?: PluginBackend;
}

/** A backend with every capability (the memory backend; tests use its capabilities directly). */
export type CompleteBackend = Required<Backend>;

/** Receives Docker's JSON progress messages of a pull or push as they happen. */
export type ProgressSink = (message: ProgressMessage) => void;

/** One line of a pull, push, build or load progress stream. */
export type ProgressMessage = Types.CreateImageInfo | Types.PushImageInfo | Types.BuildInfo;

/** Registry credentials and progress of a pull or push. */
export interface TransferOptions {
  auth?: RegistryAuth;
  onProgress: ProgressSink;
}

/** Options of `docker build` (the classic builder). */
export interface BuildOptions {
  /** Path of the Dockerfile inside the context. */
  dockerfile: string;
  /** `t` values: names to tag the result with. */
  tags: string[];
  buildArgs: Record<string, string | null>;
  /** The stage to stop at. */
  target: string;
  labels: Record<string, string>;
  nocache: boolean;
  /** Pull base images even when present. */
  pull: boolean;
  /** The platform (`os/arch[/variant]`) base images must have, when asked for. */
  platform?: string;
  /** Suppress the step output. */
  quiet: boolean;
  onProgress: ProgressSink;
}

/** The Image capability. */
export interface ImageBackend {
  /**
   * Pulls `fromImage[:tag]`; throws before the first message for errors found early. With
   * `allTags` and a `fromImage` that names neither tag nor digest, pulls every tag of the
   * repository (dockerd's reading of a pull without `tag`).
   */
  pull(
    fromImage: string,
    tag: string | undefined,
    options: TransferOptions & { platform?: string; allTags?: boolean },
  ): Promise<void>;
  /** Pushes `name` (with `tag`, or every tag of the repository). */
  push(name: string, tag: string | undefined, options: TransferOptions): Promise<void>;
  list(options: { all: boolean; filters: ReadonlyMap<string, readonly string[]> }): Promise<
    Types.ImageSummary[]
  >;
  inspect(ref: string): Promise<Types.ImageInspect>;
  history(ref: string): Promise<Types.ImageHistoryResponseItem[]>;
  tag(ref: string, repo: string, tag: string | undefined): Promise<void>;
  remove(ref: string, options: { force: boolean; noprune: boolean }): Promise<
    Types.ImageDeleteResponseItem[]
  >;
  prune(filters: ReadonlyMap<string, readonly string[]>): Promise<Types.ImagePruneResponse>;
  /** `docker save`: a docker-archive tar of the named images. */
  save(names: string[]): Promise<ReadableStream<Uint8Array>>;
  /** `docker import`: a filesystem tarball becomes an image; answers its id. */
  import(
    tar: ReadableStream<Uint8Array>,
    options: { repo?: string; tag?: string; changes: string[]; message?: string },
  ): Promise<string>;
  /** `docker load`: answers the `Loaded image: …` lines. */
  load(archive: ReadableStream<Uint8Array>): Promise<string[]>;
  /** Checks credentials against their registry (`docker login`). */
  login(auth: RegistryAuth): Promise<Types.AuthResponse>;
}

/** The Build capability (moby's build router backend). */
export interface BuildBackend {
  /** `docker build`: runs a Dockerfile from a context tar; progress as Docker's stream lines. */
  build(context: ReadableStream<Uint8Array> | null, options: BuildOptions): Promise<void>;
  /** `docker builder prune`: forgets the build cache; answers the entries dropped. */
  pruneBuildCache(): Promise<Types.BuildPruneResponse>;
}

/** Capability names, as handlers declare what they need. */
export type Capability = Exclude<keyof Backend, "name" | "events">;
