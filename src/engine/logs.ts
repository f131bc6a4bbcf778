/**
 * @module
 * A container's log: what its main process wrote, line by line with a timestamp, kept after
 * it exits (`docker logs` works on stopped containers) and followable while it runs. With a
 * sink (a file under the data root) a line is shown to readers only once the sink says it is
 * durable, so nothing a client saw can be lost by a crash.
 */

/** One logged line (the last one of a run may lack its newline). */
export interface LogEntry {
  /** 1 stdout, 2 stderr. */
  stream: number;
  /** Nanoseconds since the epoch. */
  time: bigint;
  data: Uint8Array;
}

/** What to read. */
export interface LogQuery {
  /** Only entries at or after this time (ns). */
  since?: bigint;
  /** Only entries before this time (ns). */
  until?: bigint;
  /** Only the last N entries (before following). */
  tail?: number;
  follow?: boolean;
  signal?: AbortSignal;
}

/** Where a log's entries are kept beyond memory. */
export interface LogSink {
  /** Stores an entry; resolves once it is durable (in the order entries were written). */
  write(entry: LogEntry): Promise<void>;
  /** Releases what the sink holds open between runs (called when a run's log is complete). */
  close?(): Promise<void>;
}

const NEWLINE = 10;

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.byteLength + b.byteLength);
  out.set(a);
  out.set(b, a.byteLength);
  return out;
}

/** The log of one container. */
export class LogBuffer {
  readonly #entries: LogEntry[] = [];
  readonly #partial = new Map<number, Uint8Array>();
  readonly #waiters = new Set<() => void>();
  #open = false;
  #lastTime = 0n;
  /** Entries readers may see: all of them without a sink, the durable ones with one. */
  #visible = 0;
  /** Resolves when the last entry written to the sink is durable. */
  #lastDurable?: Promise<void>;

  constructor(readonly sink?: LogSink) {}

  /** Reads the entries a sink kept before a restart; called once, when they are first needed. */
  #load?: () => Promise<LogEntry[]>;
  #loading?: Promise<void>;

  /**
   * Entries recovered from the sink after a restart (durable already), read on the first
   * `read` or `ready` rather than at start, so a daemon with many containers starts fast.
   */
  loadLater(load: () => Promise<LogEntry[]>): void {
    this.#load = load;
  }

  /** Resolves once recovered entries are in (call before a run appends new ones). */
  ready(): Promise<void> {
    const load = this.#load;
    if (!load) return Promise.resolve();
    this.#loading ??= load().then((entries) => {
      this.#load = undefined;
      // Anything appended meanwhile came later: the recovered entries go first.
      this.#entries.unshift(...entries);
      this.#visible += entries.length;
      for (const e of entries) if (e.time > this.#lastTime) this.#lastTime = e.time;
    });
    return this.#loading;
  }

  /** Marks the start of a run: followers wait for more until `close`. */
  open(): void {
    this.#open = true;
  }

  /**
   * Appends output; complete lines become entries at once, a partial line waits. Answers a
   * promise when lines were added that are not durable yet (it resolves when they are).
   */
  append(stream: number, data: Uint8Array): Promise<void> | undefined {
    const before = this.#entries.length;
    let chunk = this.#partial.has(stream) ? concat(this.#partial.get(stream)!, data) : data;
    this.#partial.delete(stream);
    let nl = chunk.indexOf(NEWLINE);
    while (nl >= 0) {
      this.#push(stream, chunk.subarray(0, nl + 1));
      chunk = chunk.subarray(nl + 1);
      nl = chunk.indexOf(NEWLINE);
    }
    if (chunk.byteLength > 0) this.#partial.set(stream, chunk.slice());
    this.#wake();
    return this.#entries.length > before ? this.#lastDurable : undefined;
  }

  /**
   * Ends a run: partial lines are flushed and followers finish (once what is pending is
   * durable). Resolves when every entry is durable.
   */
  close(): Promise<void> {
    for (const [stream, rest] of this.#partial) this.#push(stream, rest);
    this.#partial.clear();
    this.#open = false;
    this.#wake();
    const durable = this.#lastDurable ?? Promise.resolve();
    return this.sink?.close ? durable.then(() => this.sink!.close!()) : durable;
  }

  #push(stream: number, data: Uint8Array): void {
    let time = BigInt(Date.now()) * 1_000_000n;
    if (time <= this.#lastTime) time = this.#lastTime + 1n;
    this.#lastTime = time;
    const entry = { stream, time, data: data.slice() };
    this.#entries.push(entry);
    if (!this.sink) {
      this.#visible = this.#entries.length;
      return;
    }
    const count = this.#entries.length;
    const reveal = () => {
      if (count > this.#visible) this.#visible = count;
      this.#wake();
    };
    this.#lastDurable = this.sink.write(entry).then(reveal, (err) => {
      // A failing disk must not hide output for ever: show it, and say it may not be kept.
      console.error("sockerless: a log line could not be made durable:", err);
      reveal();
    });
  }

  #wake(): void {
    for (const wake of this.#waiters) wake();
    this.#waiters.clear();
  }

  /** Total bytes logged. */
  get size(): number {
    return this.#entries.reduce((n, e) => n + e.data.byteLength, 0);
  }

  /** Reads entries per the query; with `follow`, waits for new ones until the run ends. */
  async *read(query: LogQuery = {}): AsyncGenerator<LogEntry> {
    await this.ready();
    const inWindow = (e: LogEntry) =>
      (query.since === undefined || e.time >= query.since) &&
      (query.until === undefined || e.time < query.until);
    let start = 0;
    if (query.tail !== undefined && query.tail >= 0) {
      start = Math.max(0, this.#visible - query.tail);
    }
    let at = start;
    while (true) {
      while (at < this.#visible) {
        const entry = this.#entries[at++];
        if (inWindow(entry)) yield entry;
      }
      const more = this.#open || this.#visible < this.#entries.length;
      if (!query.follow || !more || query.signal?.aborted) return;
      if (query.until !== undefined && BigInt(Date.now()) * 1_000_000n >= query.until) return;
      await new Promise<void>((resolve) => {
        this.#waiters.add(resolve);
        query.signal?.addEventListener("abort", () => resolve(), { once: true });
      });
    }
  }
}
