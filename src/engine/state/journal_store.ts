/**
 * @module
 * Durable objects of one kind in one append-only journal (a RecordLog): `put` appends the
 * object's new version, `remove` a tombstone, and both resolve once the record is fsynced;
 * concurrent operations share fsyncs (group commit). Where an ObjectStore pays a file write, an
 * fsync, a rename and a directory fsync per change, a journal pays one append and a share of
 * one fdatasync, which suits objects that change at every step of a hot path (containers).
 * Reading replays the journal (the last record of an id wins) and stops at a torn tail; the
 * journal is compacted to the live objects when it opens (if it is over twice their size) and
 * when it grows past four times their size.
 */

import { RecordLog } from "./record_log.ts";

interface Entry<T> {
  id: string;
  /** Absent in a tombstone. */
  value?: T;
}

const MIN_COMPACT_BYTES = 1 << 20;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Durable objects of one kind in a journal file. Open with `JournalStore.open`. */
export class JournalStore<T> {
  /** The encoded record of each live object (what a compaction writes). */
  readonly #live = new Map<string, Uint8Array>();
  #liveBytes = 0;
  #compacting?: Promise<void>;
  /** The objects as parsed at open, until the first change (saves parsing them twice). */
  #opened?: Map<string, T> = new Map();

  private constructor(readonly path: string, readonly log: RecordLog) {}

  /** Opens (creating) the journal at `path`, replays it and compacts it. */
  static async open<T>(path: string): Promise<JournalStore<T>> {
    const store = new JournalStore<T>(path, await RecordLog.open(path));
    for (const record of await store.log.readAll()) {
      let entry: Entry<T>;
      try {
        entry = JSON.parse(decoder.decode(record));
      } catch {
        continue; // A record that passed its CRC but is not ours: skip it, keep the rest.
      }
      if (entry.value === undefined) {
        store.#forget(entry.id);
        store.#opened?.delete(entry.id);
      } else {
        store.#keep(entry.id, record);
        store.#opened?.set(entry.id, entry.value);
      }
    }
    // Rewriting a journal that is mostly live would cost a full write at every start for nothing.
    if (store.log.size > 2 * (store.#liveBytes + 8 * store.#live.size)) {
      await store.log.replace([...store.#live.values()]);
    }
    return store;
  }

  /** Every live object by id. */
  values(): Map<string, T> {
    if (this.#opened) return new Map(this.#opened);
    const out = new Map<string, T>();
    for (const [id, record] of this.#live) {
      out.set(id, (JSON.parse(decoder.decode(record)) as Entry<T>).value!);
    }
    return out;
  }

  /** Stores the new version of `id`; durable when the promise resolves. */
  put(id: string, value: T): Promise<void> {
    const record = encoder.encode(JSON.stringify({ id, value } satisfies Entry<T>));
    this.#opened = undefined;
    this.#keep(id, record);
    return this.#append(record);
  }

  /** Forgets `id`; durable when the promise resolves (a missing id is not an error). */
  remove(id: string): Promise<void> {
    if (!this.#live.has(id)) return Promise.resolve();
    this.#opened = undefined;
    this.#forget(id);
    return this.#append(encoder.encode(JSON.stringify({ id } satisfies Entry<T>)));
  }

  /** Closes the journal file. */
  close(): Promise<void> {
    return this.log.close();
  }

  async #append(record: Uint8Array): Promise<void> {
    if (this.#compacting) await this.#compacting;
    this.log.append(record);
    await this.log.flush();
    if (this.log.size > Math.max(MIN_COMPACT_BYTES, 4 * this.#liveBytes)) {
      // A failed compaction (a full disk) leaves the journal as it was: saves go on appending.
      this.#compacting ??= this.log.replace([...this.#live.values()])
        .catch((err) => console.error(`sockerless: compacting ${this.path} failed:`, err))
        .finally(() => {
          this.#compacting = undefined;
        });
    }
  }

  #keep(id: string, record: Uint8Array): void {
    this.#liveBytes += record.byteLength - (this.#live.get(id)?.byteLength ?? 0);
    this.#live.set(id, record);
  }

  #forget(id: string): void {
    this.#liveBytes -= this.#live.get(id)?.byteLength ?? 0;
    this.#live.delete(id);
  }
}
