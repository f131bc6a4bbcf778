/**
 * @module
 * The byte streams of one connection, with credit-based flow control: a sender has at most
 * `STREAM_WINDOW` bytes of a stream unacknowledged, and the receiver grants credit only as its
 * reader consumes, so a slow reader makes the producer wait instead of either end buffering
 * without bound.
 */

import { DockerError } from "../errors.ts";
import { type Control, MAX_FRAME_PAYLOAD, STREAM_WINDOW } from "./protocol.ts";
import { fromWire, toWire } from "./wire_error.ts";

/** What the streams need of their connection. */
export interface StreamLink {
  sendControl(message: Control): void;
  sendData(sid: number, bytes: Uint8Array): void;
}

/**
 * Credit is granted in steps of this much consumed, not per chunk. It never deadlocks: a sender
 * out of credit has a whole window unacknowledged, so its reader has a step to grant or bytes
 * to read.
 */
const CREDIT_STEP = MAX_FRAME_PAYLOAD;

/** A stream this end sends: pumps its source into frames as credit allows. */
class OutgoingStream {
  #credit = STREAM_WINDOW;
  #wake?: () => void;
  #stopped = false;
  readonly #reader: ReadableStreamDefaultReader<Uint8Array>;

  constructor(readonly sid: number, source: ReadableStream<Uint8Array>, readonly link: StreamLink) {
    this.#reader = source.getReader();
  }

  async pump(): Promise<void> {
    try {
      for (;;) {
        const { done, value } = await this.#reader.read();
        if (done || this.#stopped) break;
        await this.#sendChunk(value);
      }
      if (!this.#stopped) this.link.sendControl({ t: "end", sid: this.sid });
    } catch (err) {
      if (!this.#stopped) this.link.sendControl({ t: "reset", sid: this.sid, error: toWire(err) });
      this.#reader.cancel(err).catch(() => {});
    }
  }

  async #sendChunk(chunk: Uint8Array): Promise<void> {
    for (let offset = 0; offset < chunk.byteLength && !this.#stopped;) {
      while (this.#credit === 0 && !this.#stopped) {
        await new Promise<void>((resolve) => this.#wake = resolve);
      }
      if (this.#stopped) return;
      const size = Math.min(chunk.byteLength - offset, this.#credit, MAX_FRAME_PAYLOAD);
      this.link.sendData(this.sid, chunk.subarray(offset, offset + size));
      this.#credit -= size;
      offset += size;
    }
  }

  grant(bytes: number): void {
    this.#credit += bytes;
    this.#wake?.();
  }

  stop(reason: unknown): void {
    this.#stopped = true;
    this.#wake?.();
    this.#reader.cancel(reason).catch(() => {});
  }
}

/** A stream the peer sends: a queue its reader drains, granting credit as it goes. */
class IncomingStream {
  readonly #queue: Uint8Array[] = [];
  #inFlight = 0;
  #consumed = 0;
  #ended = false;
  #error?: DockerError;
  #wake?: () => void;
  readonly readable: ReadableStream<Uint8Array>;

  constructor(readonly sid: number, link: StreamLink, forget: () => void) {
    this.readable = new ReadableStream<Uint8Array>({
      pull: async (controller) => {
        while (!this.#queue.length && !this.#ended && !this.#error) {
          await new Promise<void>((resolve) => this.#wake = resolve);
        }
        const chunk = this.#queue.shift();
        if (chunk) {
          controller.enqueue(chunk);
          this.#grant(link, chunk.byteLength);
        } else if (this.#error) controller.error(this.#error);
        else controller.close();
        if (!chunk) forget();
      },
      cancel: () => {
        forget();
        if (!this.#ended && !this.#error) link.sendControl({ t: "stop", sid });
        this.#ended = true;
        // Nothing reads it any more: drop what was queued and release a pull still waiting.
        this.#queue.length = 0;
        this.#wake?.();
      },
    }, { highWaterMark: 0 });
  }

  #grant(link: StreamLink, bytes: number): void {
    this.#inFlight -= bytes;
    this.#consumed += bytes;
    if (this.#consumed < CREDIT_STEP) return;
    link.sendControl({ t: "credit", sid: this.sid, bytes: this.#consumed });
    this.#consumed = 0;
  }

  push(bytes: Uint8Array): void {
    this.#inFlight += bytes.byteLength;
    if (this.#inFlight > STREAM_WINDOW) {
      throw new Error(`The peer overran stream ${this.sid}'s window`);
    }
    this.#queue.push(bytes);
    this.#wake?.();
  }

  end(error?: DockerError): void {
    if (this.#ended || this.#error) return;
    if (error) this.#error = error;
    else this.#ended = true;
    this.#wake?.();
  }
}

/** Every stream of one connection, both directions. */
export class StreamTable {
  readonly #outgoing = new Map<number, OutgoingStream>();
  readonly #incoming = new Map<number, IncomingStream>();
  #nextSid: number;
  #lost?: DockerError;

  /** `firstSid` is 1 on the client (odd ids) and 2 on the agent (even ids). */
  constructor(readonly link: StreamLink, firstSid: 1 | 2) {
    this.#nextSid = firstSid;
  }

  /** Makes `source` a stream to the peer; call `start` once the message naming it is sent. */
  send(source: ReadableStream<Uint8Array>): { sid: number; start: () => void } {
    const sid = this.#nextSid;
    this.#nextSid += 2;
    const stream = new OutgoingStream(sid, source, this.link);
    return {
      sid,
      start: () => {
        if (this.#lost) return void source.cancel(this.#lost).catch(() => {});
        this.#outgoing.set(sid, stream);
        stream.pump().finally(() => this.#outgoing.delete(sid));
      },
    };
  }

  /** The peer's stream `sid`, as named in one of its messages. */
  receive(sid: number): ReadableStream<Uint8Array> {
    const stream = new IncomingStream(sid, this.link, () => this.#incoming.delete(sid));
    if (this.#lost) stream.end(this.#lost);
    else this.#incoming.set(sid, stream);
    return stream.readable;
  }

  /** Routes a stream message of the peer. */
  onControl(message: Control): void {
    switch (message.t) {
      case "end":
        return this.#incoming.get(message.sid)?.end();
      case "reset":
        return this.#incoming.get(message.sid)?.end(fromWire(message.error));
      case "credit":
        return this.#outgoing.get(message.sid)?.grant(message.bytes);
      case "stop":
        return this.#outgoing.get(message.sid)?.stop(new Error("The peer cancelled the stream"));
    }
  }

  /** Data for a stream already cancelled here is dropped. */
  onData(sid: number, bytes: Uint8Array): void {
    this.#incoming.get(sid)?.push(bytes);
  }

  /** The connection is gone: every stream fails with `error`. */
  lose(error: DockerError): void {
    this.#lost = error;
    for (const stream of this.#incoming.values()) stream.end(error);
    for (const stream of this.#outgoing.values()) stream.stop(error);
    this.#incoming.clear();
    this.#outgoing.clear();
  }
}
