/**
 * @module
 * A container and its processes on the far side of an agent connection: each method is one
 * call of the container's (or process's) handle. The layer generation is the last one the agent
 * reported, which it sends with every reply of the container's calls and every exit of its
 * processes.
 */

import { DockerError } from "../errors.ts";
import type {
  Change,
  PathStat,
  ProcessInfo,
  ProcessSpec,
  PutArchiveOptions,
  RuntimeContainer,
  RuntimeProcess,
  SavedLayer,
  Usage,
} from "../runtime.ts";
import type { Exit } from "./protocol.ts";
import type { Peer } from "./peer.ts";
import { fromWire } from "./wire_error.ts";

/** What the agent sends back for a spawn. */
interface Spawned {
  process: number;
  pid: number;
  stdout: ReadableStream<Uint8Array>;
  stderr: ReadableStream<Uint8Array>;
}

/** Where a container's processes register for their exit messages. */
export interface ExitRegistry {
  watch(handle: number, onExit: (exit: Exit) => void): void;
}

/** A process run by the agent. */
export class AgentProcess implements RuntimeProcess {
  readonly pid: number;
  readonly stdout: ReadableStream<Uint8Array>;
  readonly stderr: ReadableStream<Uint8Array>;
  readonly exited: Promise<number>;
  #done = false;

  constructor(
    readonly peer: Peer,
    readonly handle: number,
    spawned: Spawned,
    readonly stdin: WritableStream<Uint8Array>,
    exits: ExitRegistry,
    onGen: (gen: number) => void,
  ) {
    this.pid = spawned.pid;
    this.stdout = spawned.stdout;
    this.stderr = spawned.stderr;
    const { promise, resolve, reject } = Promise.withResolvers<number>();
    this.exited = promise;
    // Nobody may wait for an exec's exit; a lost connection must not become an unhandled one.
    promise.catch(() => {});
    exits.watch(handle, (exit) => {
      this.#done = true;
      if (exit.gen !== undefined) onGen(exit.gen);
      if (exit.error || exit.status === undefined) reject(fromWire(exit.error!));
      else resolve(exit.status);
    });
  }

  async signal(name: string): Promise<void> {
    if (this.#done) return;
    await this.peer.call(this.handle, "signal", [name]).catch((err) => {
      // The agent forgets a process once it has exited: its exit message is on the way.
      if (!(err instanceof DockerError && err.kind === "NotFound")) throw err;
    });
  }

  async resize(height: number, width: number): Promise<void> {
    await this.peer.call(this.handle, "resize", [height, width]);
  }
}

/** A container made by the agent. */
export class AgentContainer implements RuntimeContainer {
  #gen: number;

  constructor(
    readonly peer: Peer,
    readonly handle: number,
    gen: number,
    readonly exits: ExitRegistry,
  ) {
    this.#gen = gen;
  }

  layerGeneration(): number {
    return this.#gen;
  }

  async #call(op: string, args: unknown[], signal?: AbortSignal): Promise<unknown> {
    const reply = await this.peer.call(this.handle, op, args, { signal });
    if (reply.gen !== undefined) this.#gen = reply.gen;
    return reply.value;
  }

  async spawn(spec: ProcessSpec, signal?: AbortSignal): Promise<RuntimeProcess> {
    const pipe = spec.stdin ? new TransformStream<Uint8Array, Uint8Array>() : undefined;
    const killLate = (value: unknown) =>
      this.peer.call((value as Spawned).process, "signal", ["KILL"]).catch(() => {});
    const reply = await this.peer.call(this.handle, "spawn", [spec, pipe?.readable ?? null], {
      signal,
      disposeLate: killLate,
    }).catch((err) => {
      pipe?.writable.abort(err).catch(() => {});
      throw err;
    });
    if (reply.gen !== undefined) this.#gen = reply.gen;
    const spawned = reply.value as Spawned;
    const stdin = pipe?.writable ?? new WritableStream<Uint8Array>();
    return new AgentProcess(this.peer, spawned.process, spawned, stdin, this.exits, (gen) => {
      this.#gen = gen;
    });
  }

  async checkUser(user: string, signal?: AbortSignal): Promise<string | undefined> {
    return (await this.#call("checkUser", [user], signal) ?? undefined) as string | undefined;
  }

  async stat(path: string, signal?: AbortSignal): Promise<PathStat | undefined> {
    return (await this.#call("stat", [path], signal) ?? undefined) as PathStat | undefined;
  }

  async readFile(path: string, signal?: AbortSignal): Promise<Uint8Array> {
    return await this.#call("readFile", [path], signal) as Uint8Array;
  }

  async writeFile(path: string, data: Uint8Array | string, signal?: AbortSignal): Promise<void> {
    await this.#call("writeFile", [path, data], signal);
  }

  async getArchive(path: string, signal?: AbortSignal): Promise<ReadableStream<Uint8Array>> {
    return await this.#call("getArchive", [path], signal) as ReadableStream<Uint8Array>;
  }

  async putArchive(
    path: string,
    tar: ReadableStream<Uint8Array>,
    options?: PutArchiveOptions,
    signal?: AbortSignal,
  ): Promise<void> {
    await this.#call("putArchive", [path, tar, options ?? null], signal);
  }

  async changes(signal?: AbortSignal): Promise<Change[]> {
    return await this.#call("changes", [], signal) as Change[];
  }

  async changedBytes(signal?: AbortSignal): Promise<number> {
    return await this.#call("changedBytes", [], signal) as number;
  }

  async exportChanges(signal?: AbortSignal): Promise<ReadableStream<Uint8Array>> {
    return await this.#call("exportChanges", [], signal) as ReadableStream<Uint8Array>;
  }

  async saveLayer(signal?: AbortSignal): Promise<SavedLayer> {
    return await this.#call("saveLayer", [], signal) as SavedLayer;
  }

  async processes(signal?: AbortSignal): Promise<ProcessInfo[]> {
    return await this.#call("processes", [], signal) as ProcessInfo[];
  }

  async usage(signal?: AbortSignal): Promise<Usage> {
    return await this.#call("usage", [], signal) as Usage;
  }

  async pause(): Promise<void> {
    await this.#call("pause", []);
  }

  async resume(): Promise<void> {
    await this.#call("resume", []);
  }

  async destroy(timeoutMs: number): Promise<void> {
    await this.#call("destroy", [timeoutMs]);
  }
}
