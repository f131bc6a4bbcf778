/**
 * @module
 * What the chaos workload was told: the acknowledged state the daemon owes us after a SIGKILL.
 * An operation changes the model only when the client got its success answer. An operation the
 * kill interrupted leaves its object in doubt (`exists: "maybe"`, a file with `sure: false`,
 * `status: "unknown"`): the next check accepts either outcome and then adopts what it sees.
 */

/** Whether an object must exist. */
export type Existence = "yes" | "maybe";

/** Restart policies the workload uses. */
export type RestartPolicy = "no" | "always" | "unless-stopped" | "on-failure";

/** A file the daemon acknowledged writing into a container's filesystem. */
export interface FileFact {
  content: string;
  /** False when the write was interrupted: absent or equal are both fine. */
  sure: boolean;
}

/** A container as acknowledged. */
export interface ContainerFact {
  name: string;
  id?: string;
  /** `counter` prints `L<n>` lines forever; `oneshot` prints two lines, writes /out, exits. */
  kind: "counter" | "oneshot";
  restart: RestartPolicy;
  exists: Existence;
  status: "created" | "running" | "exited" | "unknown";
  exitCode?: number;
  /** Log lines acknowledged (seen by a client), in order: the stored logs must start with them. */
  lines: string[];
  /** A finished oneshot: its logs must equal `lines` exactly. */
  exactLogs: boolean;
  files: Map<string, FileFact>;
  /** Exec writes into a running container's own layer: durable once a stop is acknowledged. */
  execFiles: Map<string, string>;
  volume?: string;
  network?: string;
  /** Bumped on every start the workload makes, so a stale log follower stops updating `lines`. */
  generation: number;
}

/** An image reference as acknowledged. */
export interface ImageFact {
  ref: string;
  exists: Existence;
  id?: string;
  /** The layers' diff ids, when known from the registry fixture. */
  diffIds?: string[];
  /** A file some layer of the image must hold (a build's marker). */
  marker?: { path: string; content: string };
}

/** A volume as acknowledged, with the tokens appended to its `/log` file. */
export interface VolumeFact {
  name: string;
  exists: Existence;
  tokens: string[];
}

/** A network as acknowledged. */
export interface NetworkFact {
  name: string;
  exists: Existence;
  id?: string;
  subnet?: string;
}

/** One worker's objects (workers never touch each other's, so a failure is never a race). */
export class WorkerModel {
  readonly containers = new Map<string, ContainerFact>();
  readonly images = new Map<string, ImageFact>();
  readonly volumes = new Map<string, VolumeFact>();
  readonly networks = new Map<string, NetworkFact>();
  #serial = 0;

  constructor(readonly index: number) {}

  /** A fresh name owned by this worker. */
  name(kind: string): string {
    return `chaos-w${this.index}-${kind}${++this.#serial}`;
  }
}

/** Names whose removal was acknowledged (or whose creation was interrupted and never seen). */
export interface Tombstones {
  containers: Set<string>;
  images: Set<string>;
  volumes: Set<string>;
  networks: Set<string>;
}

/** The whole model: workers' objects, tombstones, and the base image every container uses. */
export class Model {
  readonly workers: WorkerModel[];
  /** How many facts the checks held the daemon to, by kind (for the run's summary). */
  readonly checked: Record<string, number> = {};
  /** `die` events (`id@timeNano`) the daemon listed in its history at an earlier check. */
  readonly seenDieEvents = new Set<string>();
  /** Images pulled at setup that every container uses (never removed). */
  readonly base = new Map<string, ImageFact>();
  readonly gone: Tombstones = {
    containers: new Set(),
    images: new Set(),
    volumes: new Set(),
    networks: new Set(),
  };

  constructor(workers: number) {
    this.workers = Array.from({ length: workers }, (_, i) => new WorkerModel(i));
  }

  /** Counts one checked fact of `kind`. */
  count(kind: string, n = 1): void {
    this.checked[kind] = (this.checked[kind] ?? 0) + n;
  }
}

/** A new container fact, before its create is acknowledged. */
export function newContainer(
  name: string,
  kind: ContainerFact["kind"],
  restart: RestartPolicy,
): ContainerFact {
  return {
    name,
    kind,
    restart,
    exists: "maybe",
    status: "unknown",
    lines: [],
    exactLogs: false,
    files: new Map(),
    execFiles: new Map(),
    generation: 0,
  };
}
