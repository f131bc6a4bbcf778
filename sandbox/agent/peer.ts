/**
 * @module
 * One end of an agent connection: calls to the peer and their replies, calls from the peer and
 * their cancellation, and the streams beside them, over one WebSocket. A lost connection fails
 * every pending call and stream with an `Unavailable` error.
 */

import type { DockerError } from "../errors.ts";
import {
  type Call,
  type Control,
  decodeControl,
  decodeData,
  encodeControl,
  encodeData,
  type Exit,
  type Hello,
} from "./protocol.ts";
import { StreamTable } from "./streams.ts";
import { decodeValue, encodeValue, streamsIn } from "./values.ts";
import { connectionLost, fromWire, toWire } from "./wire_error.ts";

/** The close code for a peer that broke the protocol (the API allows only 1000 and 3000-4999). */
const PROTOCOL_ERROR_CLOSE = 4002;

/** A call's outcome: its value and, for a container's call, its layer generation. */
export interface Reply {
  value: unknown;
  gen?: number;
  /** Runs once the reply is sent (a process's exit watch starts only after its handle). */
  sent?: () => void;
}

/** Answers the peer's calls. */
export type CallHandler = (call: Call, args: unknown[], signal: AbortSignal) => Promise<Reply>;

/** What the owner of a peer hears about. */
export interface PeerEvents {
  onCall?: CallHandler;
  onHello?: (hello: Hello) => void;
  onExit?: (exit: Exit) => void;
  onLost?: (error: DockerError) => void;
}

interface PendingCall {
  resolve(reply: Reply): void;
  reject(error: unknown): void;
}

/** Options of {@linkcode Peer.call}. */
export interface CallOptions {
  signal?: AbortSignal;
  /** Undoes a result that arrived after the call was aborted (destroys what it made). */
  disposeLate?: (value: unknown) => void;
}

/** One end of an agent connection. */
export class Peer {
  readonly streams: StreamTable;
  readonly #pending = new Map<number, PendingCall>();
  readonly #late = new Map<number, CallOptions["disposeLate"]>();
  readonly #incoming = new Map<number, AbortController>();
  #nextCall = 1;
  #lost?: DockerError;

  constructor(readonly socket: WebSocket, side: "client" | "agent", readonly events: PeerEvents) {
    socket.binaryType = "arraybuffer";
    this.streams = new StreamTable({
      sendControl: (message) => this.send(message),
      sendData: (sid, bytes) => this.#sendRaw(encodeData(sid, bytes)),
    }, side === "client" ? 1 : 2);
    socket.addEventListener("message", (event) => this.#receive(event.data));
    socket.addEventListener("close", (e) => this.#lose(`closed (${e.code} ${e.reason})`.trim()));
    socket.addEventListener("error", () => this.#lose("socket error"));
  }

  /** Set once the connection is gone. */
  get lost(): DockerError | undefined {
    return this.#lost;
  }

  /** Sends a control message (dropped once the connection is lost). */
  send(message: Control): void {
    this.#sendRaw(encodeControl(message));
  }

  /** Calls `op` on the peer's `target`. */
  call(target: number, op: string, args: unknown[], options: CallOptions = {}): Promise<Reply> {
    const { signal } = options;
    if (this.#lost) return Promise.reject(this.#lost);
    if (signal?.aborted) return Promise.reject(signal.reason);
    const id = this.#nextCall++;
    const { json, starts } = encodeValue(args, this.streams);
    return new Promise<Reply>((resolve, reject) => {
      const onAbort = () => {
        this.#pending.delete(id);
        this.#late.set(id, options.disposeLate);
        this.send({ t: "cancel", id });
        reject(signal!.reason);
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      const settle = <T>(fn: (v: T) => void) => (v: T) => {
        signal?.removeEventListener("abort", onAbort);
        fn(v);
      };
      this.#pending.set(id, { resolve: settle(resolve), reject: settle(reject) });
      this.send({ t: "call", id, target, op, args: json as unknown[] });
      for (const start of starts) start();
    });
  }

  /** Closes the connection; pending calls fail as on any loss. */
  close(reason = "closed by this end"): void {
    if (this.socket.readyState === WebSocket.OPEN) this.socket.close(1000, reason);
    this.#lose(reason);
  }

  #sendRaw(frame: string | Uint8Array): void {
    if (this.#lost || this.socket.readyState !== WebSocket.OPEN) return;
    this.socket.send(frame);
  }

  #receive(data: unknown): void {
    try {
      if (typeof data === "string") this.#route(decodeControl(data));
      else {
        const { sid, bytes } = decodeData(new Uint8Array(data as ArrayBuffer));
        this.streams.onData(sid, bytes);
      }
    } catch (err) {
      const detail = err instanceof Error ? err.message : String(err);
      if (this.socket.readyState === WebSocket.OPEN) {
        this.socket.close(PROTOCOL_ERROR_CLOSE, "protocol error");
      }
      this.#lose(`protocol error: ${detail}`);
    }
  }

  #route(message: Control): void {
    switch (message.t) {
      case "hello":
        return this.events.onHello?.(message);
      case "call":
        return void this.#answer(message);
      case "cancel":
        return this.#incoming.get(message.id)?.abort(new Error("The caller cancelled the call"));
      case "result":
      case "error":
        return void this.#settle(message.id, message);
      case "exit":
        return this.events.onExit?.(message);
      default:
        return this.streams.onControl(message);
    }
  }

  async #settle(id: number, message: Control & { t: "result" | "error" }): Promise<void> {
    const pending = this.#pending.get(id);
    this.#pending.delete(id);
    if (message.t === "error") {
      this.#late.delete(id);
      return pending?.reject(fromWire(message.error));
    }
    const value = decodeValue(message.value, this.streams);
    if (pending) {
      return value.then((v) => pending.resolve({ value: v, gen: message.gen }), pending.reject);
    }
    const dispose = this.#late.get(id);
    this.#late.delete(id);
    const late = await value.catch(() => undefined);
    for (const stream of streamsIn(late)) stream.cancel().catch(() => {});
    dispose?.(late);
  }

  async #answer(call: Call): Promise<void> {
    const abort = new AbortController();
    this.#incoming.set(call.id, abort);
    let args: unknown[] = [];
    try {
      args = await decodeValue(call.args, this.streams) as unknown[];
      if (!this.events.onCall) throw new Error(`This end answers no calls (${call.op})`);
      const reply = await this.events.onCall(call, args, abort.signal);
      const { json, starts } = encodeValue(reply.value, this.streams);
      this.send({ t: "result", id: call.id, value: json, gen: reply.gen });
      for (const start of starts) start();
      reply.sent?.();
    } catch (err) {
      this.send({ t: "error", id: call.id, error: toWire(err) });
      // A stream the failed call never read would hold its sender's window for good.
      for (const stream of streamsIn(args)) stream.cancel().catch(() => {});
    } finally {
      this.#incoming.delete(call.id);
    }
  }

  #lose(detail: string): void {
    if (this.#lost) return;
    const error = this.#lost = connectionLost(detail);
    this.streams.lose(error);
    for (const pending of this.#pending.values()) pending.reject(error);
    this.#pending.clear();
    for (const abort of this.#incoming.values()) abort.abort(error);
    this.events.onLost?.(error);
  }
}
