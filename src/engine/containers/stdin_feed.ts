/**
 * @module
 * Feeds a process's stdin from client streams that may arrive before the process exists (attach
 * before start) and one after another (re-attach). With `once` (StdinOnce), the end of a
 * client's stream closes the process's stdin, which is how `docker run -i` and GitLab Runner
 * signal the end of a script.
 */

/** A process stdin that client streams are queued into. */
export class StdinFeed {
  readonly #pending: ReadableStream<Uint8Array>[] = [];
  #target: WritableStream<Uint8Array> | null = null;
  #busy = false;

  constructor(readonly once: boolean) {}

  /** Queues a client stream; it is piped as soon as a process stdin is there. */
  add(input: ReadableStream<Uint8Array>): void {
    this.#pending.push(input);
    this.#drain();
  }

  /** Connects the stdin of a newly started process. */
  connect(target: WritableStream<Uint8Array>): void {
    this.#target = target;
    this.#drain();
  }

  /** The process ended: its stdin is gone. */
  disconnect(): void {
    this.#target = null;
  }

  async #drain(): Promise<void> {
    if (this.#busy) return;
    this.#busy = true;
    try {
      while (this.#target && this.#pending.length > 0) {
        const input = this.#pending.shift()!;
        const target = this.#target;
        // A client that detached (or vanished) errors its stream: stdin then stays open.
        const ended = await input.pipeTo(target, { preventClose: true, preventAbort: true })
          .then(() => true, () => false);
        if (this.once && ended) {
          this.#target = null;
          await target.close().catch(() => {});
        }
      }
    } finally {
      this.#busy = false;
    }
  }
}
