/**
 * Byte channels between a sandbox process and its caller: output streams that
 * deliver each write immediately, and a stdin queue fed by a WritableStream
 * with half-close.
 *
 * @module
 */

const encoder = new TextEncoder();

/**
 * A push-based output stream. Writes after close are dropped; writes while
 * held (the container is frozen) wait and are enqueued at release.
 */
export class OutputChannel {
  readonly readable: ReadableStream<Uint8Array>;
  #controller!: ReadableStreamDefaultController<Uint8Array>;
  #closed = false;
  #held: Uint8Array[] | undefined;
  #heldBytes = 0;
  readonly #tty: boolean;
  #demand: (() => void) | undefined;

  constructor(tty = false) {
    this.#tty = tty;
    this.readable = new ReadableStream<Uint8Array>({
      start: (c) => {
        this.#controller = c;
      },
      pull: () => {
        const wake = this.#demand;
        this.#demand = undefined;
        wake?.();
      },
      cancel: () => {
        this.#closed = true;
        this.#demand?.();
      },
    }, { highWaterMark: 16 });
  }

  /** True when this stream is a terminal (`docker run -t`). */
  get tty(): boolean {
    return this.#tty;
  }

  /** Enqueues bytes or text. With tty, `\n` becomes `\r\n` like a terminal. */
  write(data: Uint8Array | string): void {
    if (this.#closed) return;
    let bytes = typeof data === "string" ? encoder.encode(data) : data;
    if (bytes.byteLength === 0) return;
    if (this.#tty) bytes = toCrlf(bytes);
    if (this.#held) {
      this.#held.push(bytes);
      this.#heldBytes += bytes.byteLength;
      return;
    }
    this.#controller.enqueue(bytes);
  }

  /** Holds further writes until {@linkcode OutputChannel.release}. */
  hold(): void {
    this.#held ??= [];
  }

  /** Enqueues the held writes, in order, and stops holding. */
  release(): void {
    const held = this.#held ?? [];
    this.#held = undefined;
    this.#heldBytes = 0;
    if (!this.#closed) { for (const bytes of held) this.#controller.enqueue(bytes); }
  }

  /** Bytes written while held and not yet enqueued. */
  get heldBytes(): number {
    return this.#heldBytes;
  }

  /** Resolves once the reader wants more (backpressure for endless writers). */
  async ready(signal: AbortSignal): Promise<void> {
    while (!this.#closed && !signal.aborted && (this.#controller.desiredSize ?? 1) <= 0) {
      await new Promise<void>((resolve) => {
        this.#demand = resolve;
        signal.addEventListener("abort", () => resolve(), { once: true });
      });
    }
  }

  /** True once closed or cancelled by the reader. */
  get closed(): boolean {
    return this.#closed;
  }

  /** Closes the stream after enqueuing anything held. */
  close(): void {
    if (this.#closed) return;
    this.release();
    this.#closed = true;
    this.#controller.close();
  }
}

/** `\n` as `\r\n` (an existing `\r\n` kept), as a terminal shows output; the chunk itself when no `\n` needs it. */
export function toCrlf(bytes: Uint8Array): Uint8Array {
  let extra = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 10 && (i === 0 || bytes[i - 1] !== 13)) extra++;
  }
  if (extra === 0) return bytes;
  const out = new Uint8Array(bytes.length + extra);
  let j = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 10 && (i === 0 || bytes[i - 1] !== 13)) out[j++] = 13;
    out[j++] = bytes[i];
  }
  return out;
}

/** Live standard input: chunks arrive while the process runs. */
export class InputChannel {
  readonly writable: WritableStream<Uint8Array>;
  readonly #chunks: Uint8Array[] = [];
  #eof = false;
  #wake: (() => void) | undefined;

  constructor(open: boolean) {
    this.#eof = !open;
    this.writable = new WritableStream<Uint8Array>({
      write: (chunk) => {
        this.#chunks.push(chunk);
        this.#notify();
      },
      close: () => this.end(),
      abort: () => this.end(),
    });
  }

  /** Marks end of input (half-close). */
  end(): void {
    this.#eof = true;
    this.#notify();
  }

  /** Bytes written and not yet read. */
  get queuedBytes(): number {
    return this.#chunks.reduce((n, c) => n + c.byteLength, 0);
  }

  /** True once input is closed and fully consumed. */
  get done(): boolean {
    return this.#eof && this.#chunks.length === 0;
  }

  #notify(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }

  /** Next chunk, or null at end of input or when `signal` aborts. */
  async read(signal?: AbortSignal): Promise<Uint8Array | null> {
    while (this.#chunks.length === 0) {
      if (this.#eof || signal?.aborted) return null;
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
        signal?.addEventListener("abort", () => resolve(), { once: true });
      });
    }
    return this.#chunks.shift()!;
  }

  /** Reads until end of input. */
  async readAll(signal?: AbortSignal): Promise<Uint8Array> {
    const parts: Uint8Array[] = [];
    let size = 0;
    for (let c = await this.read(signal); c; c = await this.read(signal)) {
      parts.push(c);
      size += c.byteLength;
    }
    const out = new Uint8Array(size);
    let off = 0;
    for (const p of parts) {
      out.set(p, off);
      off += p.byteLength;
    }
    return out;
  }
}
