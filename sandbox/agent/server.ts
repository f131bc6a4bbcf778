/**
 * @module
 * `serveRuntime`: serves any `Runtime` over one accepted WebSocket. The containers and processes
 * it makes are handles in this connection; when the connection is lost every container it
 * made is destroyed, so no process outlives the daemon that asked for it.
 */

import { DockerError, notFound } from "../errors.ts";
import type {
  ContainerSpec,
  RootfsLayer,
  Runtime,
  RuntimeContainer,
  RuntimeProcess,
} from "../runtime.ts";
import { lazyStream } from "../oci/_stream.ts";
import { type Call, PROTOCOL_VERSION } from "./protocol.ts";
import { Peer, type Reply } from "./peer.ts";
import { CONTAINER_OPS, PROCESS_OPS, type ProcessOpened } from "./server_ops.ts";
import { streamsIn } from "./values.ts";
import { toWire } from "./wire_error.ts";

/** The handle tables and the dispatch of one connection. */
class Connection {
  readonly #containers = new Map<number, RuntimeContainer>();
  readonly #processes = new Map<number, RuntimeProcess>();
  #nextHandle = 1;
  readonly peer: Peer;

  constructor(readonly runtime: Runtime, socket: WebSocket, onLost: () => void) {
    this.peer = new Peer(socket, "agent", {
      onCall: (call, args, signal) => this.#answer(call, args, signal),
      onLost: () => {
        const destroyed = [...this.#containers.values()].map((c) => c.destroy(0).catch(() => {}));
        this.#containers.clear();
        Promise.all(destroyed).then(onLost);
      },
    });
  }

  async #answer(call: Call, args: unknown[], signal: AbortSignal): Promise<Reply> {
    const reply = await this.#dispatch(call, args, signal);
    if (signal.aborted) {
      this.#dispose(call.op, reply.value);
      throw signal.reason;
    }
    return reply;
  }

  #dispatch(call: Call, args: unknown[], signal: AbortSignal): Promise<Reply> {
    if (call.target === 0) return this.#runtimeOp(call.op, args, signal);
    const container = this.#containers.get(call.target);
    if (container) return this.#containerOp(call.target, container, call.op, args, signal);
    const process = this.#processes.get(call.target);
    if (process) return this.#processOp(process, call.op, args);
    return Promise.reject(notFound(`No such runtime object ${call.target} (for ${call.op})`));
  }

  async #runtimeOp(op: string, args: unknown[], signal: AbortSignal): Promise<Reply> {
    if (op === "retainLayers") {
      this.runtime.retainLayers(args[0] as string[][]);
      return { value: null };
    }
    if (op !== "createContainer") throw unknownOp(op, "runtime");
    const container = await this.runtime.createContainer(this.#spec(args[0]), signal);
    const handle = this.#nextHandle++;
    this.#containers.set(handle, container);
    return { value: { container: handle }, gen: container.layerGeneration() };
  }

  async #containerOp(
    handle: number,
    container: RuntimeContainer,
    op: string,
    args: unknown[],
    signal: AbortSignal,
  ): Promise<Reply> {
    const run = Object.hasOwn(CONTAINER_OPS, op) ? CONTAINER_OPS[op] : undefined;
    if (!run) throw unknownOp(op, "container");
    const value = await run(container, args, signal);
    if (op === "destroy") this.#containers.delete(handle);
    if (op !== "spawn") return { value, gen: container.layerGeneration() };
    return this.#opened(container, value as ProcessOpened);
  }

  #opened(container: RuntimeContainer, { process, value }: ProcessOpened): Reply {
    const handle = this.#nextHandle++;
    this.#processes.set(handle, process);
    const exitOf = (status?: number, error?: DockerError) =>
      this.peer.send({
        t: "exit",
        process: handle,
        status,
        error: error && toWire(error),
        gen: container.layerGeneration(),
      });
    const sent = () =>
      process.exited.then((status) => exitOf(status), (err) => exitOf(undefined, err))
        .finally(() => this.#processes.delete(handle));
    return { value: { ...value, process: handle }, gen: container.layerGeneration(), sent };
  }

  async #processOp(process: RuntimeProcess, op: string, args: unknown[]): Promise<Reply> {
    const run = Object.hasOwn(PROCESS_OPS, op) ? PROCESS_OPS[op] : undefined;
    if (!run) throw unknownOp(op, "process");
    return { value: await run(process, args) };
  }

  /** A spec as sent: its layers are opened by asking the client for their tars. */
  #spec(wire: unknown): ContainerSpec {
    const spec = wire as ContainerSpec;
    const layers = spec.rootfs.layers.map(({ diffId }) => this.#layer(diffId));
    return { ...spec, rootfs: { ...spec.rootfs, layers } };
  }

  #layer(diffId: string): RootfsLayer {
    const open = async () => (await this.peer.call(0, "openLayer", [diffId])).value;
    return { diffId, open: () => lazyStream(open as () => Promise<ReadableStream<Uint8Array>>) };
  }

  /** Undoes the result of a call its caller aborted. */
  #dispose(op: string, value: unknown): void {
    for (const stream of streamsIn(value)) stream.cancel().catch(() => {});
    const handle = (value as { container?: number; process?: number } | null) ?? {};
    if (op === "createContainer" && handle.container !== undefined) {
      this.#containers.get(handle.container)?.destroy(0).catch(() => {});
      this.#containers.delete(handle.container);
    }
    if (op === "spawn" && handle.process !== undefined) {
      this.#processes.get(handle.process)?.signal("KILL").catch(() => {});
      this.#processes.delete(handle.process);
    }
  }

  hello(): void {
    const { name, capabilities } = this.runtime;
    this.peer.send({ t: "hello", protocol: PROTOCOL_VERSION, name, capabilities });
  }
}

function unknownOp(op: string, of: string): DockerError {
  return new DockerError("NotImplemented", `The runtime agent has no ${of} operation ${op}`);
}

/**
 * Serves `runtime` over `socket`; resolves once the connection is gone and every container made
 * for it is destroyed.
 */
export function serveRuntime(runtime: Runtime, socket: WebSocket): Promise<void> {
  return new Promise((resolve) => {
    const connection = new Connection(runtime, socket, resolve);
    if (socket.readyState === WebSocket.OPEN) connection.hello();
    else socket.addEventListener("open", () => connection.hello(), { once: true });
  });
}
