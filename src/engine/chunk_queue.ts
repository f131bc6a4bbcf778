/**
 * @module
 * An unbounded async queue of output chunks: producers push, one consumer iterates until the
 * queue is ended. The glue between a process's output and each attached client.
 */

import type { OutputChunk } from "./containers/backend.ts";

/** A push-based async iterable of chunks. */
export class ChunkQueue implements AsyncIterable<OutputChunk> {
  readonly #items: OutputChunk[] = [];
  #wake: (() => void) | null = null;
  #ended = false;

  push(chunk: OutputChunk): void {
    if (this.#ended) return;
    this.#items.push(chunk);
    this.#wake?.();
  }

  end(): void {
    this.#ended = true;
    this.#wake?.();
  }

  get ended(): boolean {
    return this.#ended;
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<OutputChunk> {
    while (true) {
      const item = this.#items.shift();
      if (item) {
        yield item;
        continue;
      }
      if (this.#ended) return;
      await new Promise<void>((resolve) => this.#wake = resolve);
      this.#wake = null;
    }
  }
}
