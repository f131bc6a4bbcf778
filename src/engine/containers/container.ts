/**
 * @module
 * One container of the engine: its record, its runtime container (created with the container, so
 * `docker cp` works before start), its log, and the runs of its main process. Output fans out
 * to the log and to every attached client as it is produced; with a data root, a complete line
 * reaches attached clients only once it is durable in the log.
 */

import type { MountSpec, RuntimeContainer, RuntimeProcess } from "../../../sandbox/runtime.ts";
import type { Types } from "../../../generated/docker/mod.ts";
import { ChunkQueue } from "../chunk_queue.ts";
import type { OutputChunk, StreamSession } from "./backend.ts";
import { type ContainerRecord, ContainerRecordBase } from "./record.ts";
import { LogBuffer, type LogSink } from "../logs.ts";
import { STDERR, STDOUT } from "../stdcopy.ts";
import type { MountView } from "./mounts.ts";
import { StdinFeed } from "./stdin_feed.ts";

/** A client attached to the container's output (and maybe its stdin). */
interface Attachment {
  queue: ChunkQueue;
  stdout: boolean;
  stderr: boolean;
  /** Ends with the run in progress (or the next one, when attached before start). */
  boundToRun: number;
}

/** The networks a create request asks for. */
export interface NetworkRequest {
  mode: string | undefined;
  endpoints: Record<string, Types.EndpointSettings> | undefined;
}

/** How a run ended. */
export interface RunEnd {
  exitCode: number;
  run: number;
}

/** A container with its runtime container and the runs of its main process. */
export class EngineContainer extends ContainerRecordBase {
  /** Set while a start is being prepared, so a concurrent start gets 304, not a second run. */
  starting = false;
  /** Set during `docker restart`, so the stop half does not trigger AutoRemove. */
  restartingByHand = false;

  /** Where its processes run and its files are (the runtime's container). */
  readonly runtimeContainer: RuntimeContainer;
  readonly logs: LogBuffer;
  readonly stdin: StdinFeed;
  /** The runtime mounts and their inspect views (kept to rebuild the container at start). */
  mounts: MountSpec[] = [];
  mountViews: MountView[] = [];
  /** Networks named at create that did not exist yet: joined at the next start. */
  pendingNetworks?: NetworkRequest;
  /** The writable layer's generation when it was last saved (unchanged → nothing to save). */
  savedGeneration = -1;
  process: RuntimeProcess | null = null;
  /** Counts runs of the main process; attachments bind to one. */
  run = 0;
  readonly #attachments = new Set<Attachment>();
  /** Set from the main process's end until its exit is saved and shown (see `exiting`). */
  #exited = false;
  readonly #exitListeners = new Set<(end: RunEnd) => void>();

  constructor(record: ContainerRecord, runtimeContainer: RuntimeContainer, logSink?: LogSink) {
    super(record);
    this.runtimeContainer = runtimeContainer;
    this.logs = new LogBuffer(logSink);
    this.stdin = new StdinFeed(record.config.StdinOnce === true);
  }

  get tty(): boolean {
    return this.config.Tty === true;
  }

  get running(): boolean {
    return this.process !== null;
  }

  /**
   * Starts a run of `proc` as the main process: wires stdin, output and exit. `onEnd` settles
   * the state (and publishes `die`) before any waiter hears of the exit, as in dockerd.
   */
  adopt(proc: RuntimeProcess, onEnd: (end: RunEnd) => Promise<void> | void): Promise<RunEnd> {
    const ended = this.#adopt(proc, onEnd);
    this.#ended = ended.then(() => {}, () => {});
    return ended;
  }

  /**
   * True between the main process's end and the save of its exit: the container still counts
   * as running (the exit is not durable yet), and readers of its state wait for `exitSettled`.
   */
  get exiting(): boolean {
    return this.#exited;
  }

  /**
   * Resolves once the last run's end is settled (its exit state saved): between the process's
   * end and that save the container is no longer running, but its exit is not durable yet.
   */
  exitSettled(): Promise<void> {
    return this.#ended;
  }

  #ended: Promise<void> = Promise.resolve();

  /** The save (and `start` event) of the run being started, until it is durable. */
  startSaved?: Promise<void>;

  /**
   * Resolves once what readers would show is durable: a run's start or its end being saved is
   * shown only once saved (a few ms), so no client sees a state a crash could undo.
   */
  stateSettled(): Promise<void> {
    if (this.#exited) return this.#ended;
    return this.startSaved ?? Promise.resolve();
  }

  /** True while `stateSettled` has something to wait for. */
  get settling(): boolean {
    return this.#exited || this.startSaved !== undefined;
  }

  #adopt(proc: RuntimeProcess, onEnd: (end: RunEnd) => Promise<void> | void): Promise<RunEnd> {
    this.process = proc;
    this.run++;
    const run = this.run;
    this.logs.open();
    if (this.config.OpenStdin) this.stdin.connect(proc.stdin);
    const pumps = [this.#pump(proc.stdout, STDOUT, run)];
    if (!this.tty) pumps.push(this.#pump(proc.stderr, STDERR, run));
    return proc.exited.then(async (exitCode) => {
      this.#exited = true;
      await Promise.all(pumps);
      this.stdin.disconnect();
      await this.logs.close();
      const end = { exitCode, run };
      // Still "running" until onEnd has saved the exit: no start, wait or inspect may see an
      // exit that a crash could still undo. Attached clients hear of the end after that too
      // (a CI runner inspects the exit code as soon as its attach stream ends).
      await onEnd(end);
      this.#exited = false;
      this.process = null;
      for (const a of this.#attachments) if (a.boundToRun <= run) this.#detach(a);
      for (const listener of this.#exitListeners) listener(end);
      return end;
    });
  }

  async #pump(stream: ReadableStream<Uint8Array>, n: number, run: number): Promise<void> {
    // Chunks wait for their lines to be durable; later ones queue behind them to keep order.
    let queued: Promise<void> | undefined;
    try {
      for await (const data of stream) {
        const durable = this.logs.append(n, data);
        const chunk: OutputChunk = { stream: n, data };
        if (!durable && !queued) {
          this.#deliver(chunk, run);
          continue;
        }
        const next: Promise<void> = (queued ?? Promise.resolve()).then(() => durable).then(() => {
          this.#deliver(chunk, run);
          if (queued === next) queued = undefined;
        });
        queued = next;
      }
    } catch {
      // The process was killed mid-write; what was delivered stays delivered.
    }
    await queued;
  }

  #deliver(chunk: OutputChunk, run: number): void {
    for (const a of this.#attachments) {
      if (a.boundToRun === run && (chunk.stream === STDOUT ? a.stdout : a.stderr)) {
        a.queue.push(chunk);
      }
    }
  }

  /** Attaches a client to the current run, or to the next one when not running. */
  attach(options: { stdout: boolean; stderr: boolean; stdin: boolean }): StreamSession {
    const attachment: Attachment = {
      queue: new ChunkQueue(),
      stdout: options.stdout,
      stderr: options.stderr,
      // A run whose process has ended has no more output: a client attaching then (as
      // docker-compose 1.x does right after its start) waits for the next run, as it would
      // once the exit is shown.
      boundToRun: this.running && !this.#exited ? this.run : this.run + 1,
    };
    this.#attachments.add(attachment);
    const acceptStdin = options.stdin && this.config.OpenStdin === true;
    return {
      tty: this.tty,
      output: attachment.queue,
      // Unwanted stdin is left unread: cancelling it would tear down the client's socket.
      attachStdin: (input) => acceptStdin ? this.stdin.add(input) : undefined,
      close: () => this.#detach(attachment),
    };
  }

  #detach(a: Attachment): void {
    a.queue.end();
    this.#attachments.delete(a);
  }

  /** Calls `listener` at the end of every run until the returned function is called. */
  onExit(listener: (end: RunEnd) => void): () => void {
    this.#exitListeners.add(listener);
    return () => this.#exitListeners.delete(listener);
  }
}
