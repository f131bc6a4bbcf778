/**
 * @module
 * `AgentRuntime`: the runtime port over a WebSocket to an agent (`src/agent/main.ts`, or any
 * `serveRuntime`). Capabilities and the name come from the agent's hello. The agent asks for
 * an image layer's tar only when its runtime has not unpacked that layer yet, so each layer
 * crosses once per agent.
 */

import { DockerError, invalidParameter, notFound } from "../errors.ts";
import type {
  ContainerSpec,
  RootfsLayer,
  Runtime,
  RuntimeCapabilities,
  RuntimeContainer,
} from "../runtime.ts";
import { type Call, type Exit, type Hello, PROTOCOL_VERSION } from "./protocol.ts";
import { Peer } from "./peer.ts";
import { AgentContainer, type ExitRegistry } from "./client_container.ts";
import { toWire } from "./wire_error.ts";

/** Options of {@linkcode connectAgent}. */
export interface ConnectOptions {
  /** Sent as `Authorization: Bearer <token>`; the agent refuses an upgrade without it. */
  token?: string;
  signal?: AbortSignal;
}

/** Exit messages by process handle; one that arrives before its process is kept for it. */
class Exits implements ExitRegistry {
  readonly #watchers = new Map<number, (exit: Exit) => void>();
  readonly #early = new Map<number, Exit>();
  /** Set once the connection is lost: a process watched after that ends with it at once. */
  #failure?: DockerError;

  watch(handle: number, onExit: (exit: Exit) => void): void {
    const early = this.#early.get(handle);
    this.#early.delete(handle);
    if (early) onExit(early);
    else if (this.#failure) onExit({ t: "exit", process: handle, error: toWire(this.#failure) });
    else this.#watchers.set(handle, onExit);
  }

  deliver(exit: Exit): void {
    const watcher = this.#watchers.get(exit.process);
    this.#watchers.delete(exit.process);
    if (watcher) watcher(exit);
    else this.#early.set(exit.process, exit);
  }

  fail(error: DockerError): void {
    this.#failure = error;
    for (const [handle, watcher] of this.#watchers) {
      watcher({ t: "exit", process: handle, error: toWire(error) });
    }
    this.#watchers.clear();
  }
}

/** A runtime served by an agent. */
export class AgentRuntime implements Runtime {
  readonly name: string;
  readonly capabilities: RuntimeCapabilities;
  /** The layers of the containers made so far, for the agent to ask for by `diffId`. */
  readonly #layers = new Map<string, RootfsLayer>();

  constructor(
    readonly peer: Peer,
    hello: Hello,
    readonly exits: Exits,
    /** Resolves with the error pending calls failed with when the connection is lost. */
    readonly lost: Promise<DockerError>,
  ) {
    this.name = hello.name;
    this.capabilities = hello.capabilities;
  }

  /** Answers the agent's calls: only `openLayer`. */
  answer(call: Call, args: unknown[]): Promise<{ value: unknown }> {
    if (call.op !== "openLayer") {
      return Promise.reject(new DockerError("NotImplemented", `No client operation ${call.op}`));
    }
    const layer = this.#layers.get(args[0] as string);
    if (!layer) return Promise.reject(notFound(`No layer ${args[0]} was given to this agent`));
    return Promise.resolve({ value: layer.open() });
  }

  async createContainer(spec: ContainerSpec, signal?: AbortSignal): Promise<RuntimeContainer> {
    for (const layer of spec.rootfs.layers) this.#layers.set(layer.diffId, layer);
    const layers = spec.rootfs.layers.map(({ diffId }) => ({ diffId }));
    const destroyLate = (value: unknown) =>
      this.peer.call((value as { container: number }).container, "destroy", [0]).catch(() => {});
    const reply = await this.peer.call(
      0,
      "createContainer",
      [{ ...spec, rootfs: { ...spec.rootfs, layers } }],
      { signal, disposeLate: destroyLate },
    );
    const { container } = reply.value as { container: number };
    return new AgentContainer(this.peer, container, reply.gen ?? 0, this.exits);
  }

  retainLayers(chains: readonly (readonly string[])[]): void {
    const kept = new Set(chains.flat());
    for (const diffId of this.#layers.keys()) if (!kept.has(diffId)) this.#layers.delete(diffId);
    this.peer.call(0, "retainLayers", [chains]).catch((err) => {
      console.error(`sockerless: the runtime agent did not drop layers: ${err.message}`);
    });
  }

  /** Closes the connection: the agent destroys the containers it made for it. */
  close(): void {
    this.peer.close();
  }
}

function refused(url: string, detail: string): DockerError {
  return new DockerError("Unavailable", `Cannot reach the runtime agent at ${url}: ${detail}`);
}

/** Connects to the agent at `url` (`ws://host:port`) and waits for its hello. */
export function connectAgent(url: string, options: ConnectOptions = {}): Promise<AgentRuntime> {
  const headers = options.token ? { Authorization: `Bearer ${options.token}` } : undefined;
  let socket: WebSocket;
  try {
    socket = new WebSocket(url, { headers });
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    return Promise.reject(invalidParameter(`Not a runtime agent address: ${url} (${why})`));
  }
  const exits = new Exits();
  let runtime: AgentRuntime | undefined;
  const lost = Promise.withResolvers<DockerError>();
  let deadline: ReturnType<typeof setTimeout> | undefined;
  let onAbort = () => {};
  const connecting = new Promise<AgentRuntime>((resolve, reject) => {
    const peer = new Peer(socket, "client", {
      onCall: (call, args) =>
        runtime ? runtime.answer(call, args) : Promise.reject(refused(url, "no hello")),
      onExit: (exit) => exits.deliver(exit),
      onHello: (hello) => {
        if (hello.protocol !== PROTOCOL_VERSION) {
          reject(refused(url, `it speaks protocol ${hello.protocol}, not ${PROTOCOL_VERSION}`));
          return peer.close("protocol version mismatch");
        }
        resolve(runtime = new AgentRuntime(peer, hello, exits, lost.promise));
      },
      onLost: (error) => {
        exits.fail(error);
        lost.resolve(error);
        if (!runtime) reject(refused(url, error.message));
      },
    });
    const giveUp = (reason: unknown, why: string) => {
      if (runtime) return;
      reject(reason);
      peer.close(why);
    };
    // An address that accepts the upgrade but never says hello is not an agent: fail the start.
    deadline = setTimeout(
      () => giveUp(refused(url, `no hello within ${HELLO_DEADLINE_MS / 1000} s`), "no hello"),
      HELLO_DEADLINE_MS,
    );
    onAbort = () => giveUp(options.signal!.reason, "connect aborted");
    options.signal?.addEventListener("abort", onAbort, { once: true });
  });
  const settled = () => {
    clearTimeout(deadline);
    options.signal?.removeEventListener("abort", onAbort);
  };
  connecting.then(settled, settled);
  return connecting;
}

/** How long a connection may go without the agent's hello. */
const HELLO_DEADLINE_MS = 30_000;
