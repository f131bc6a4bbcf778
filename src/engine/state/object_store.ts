/**
 * @module
 * A folder of JSON objects, one checksummed file per id (`<folder>/<encoded id>.json`). `put`
 * resolves once the object is durable; writes to one id are applied in call order (the last put
 * or remove wins even when an earlier fsync is slower). `loadAll` skips and reports damaged
 * files and deletes temporary leftovers of a crash.
 */

import { readJsonChecked, removeFileDurable, TEMP_MARK, writeJsonAtomic } from "./atomic_file.ts";

const SUFFIX = ".json";

/** Durable objects of one kind. */
export class ObjectStore<T> {
  /** The last operation per id, so operations on one id run one after another. */
  readonly #chains = new Map<string, Promise<void>>();

  constructor(readonly folder: string) {
    Deno.mkdirSync(folder, { recursive: true });
  }

  /** The file that holds `id`. */
  fileOf(id: string): string {
    return `${this.folder}/${encodeURIComponent(id)}${SUFFIX}`;
  }

  /** Stores `value` under `id`; durable when the promise resolves. */
  put(id: string, value: T): Promise<void> {
    return this.#chain(id, () => writeJsonAtomic(this.fileOf(id), value));
  }

  /** Forgets `id` (durably); a missing id is not an error. */
  remove(id: string): Promise<void> {
    return this.#chain(id, () => removeFileDurable(this.fileOf(id)));
  }

  /** Reads one object; undefined when missing or damaged. */
  get(id: string): Promise<T | undefined> {
    return readJsonChecked<T>(this.fileOf(id));
  }

  /** Every stored object by id. */
  async loadAll(): Promise<Map<string, T>> {
    const found = new Map<string, T>();
    const reads: Promise<void>[] = [];
    for await (const entry of Deno.readDir(this.folder)) {
      if (!entry.isFile) continue;
      if (entry.name.includes(TEMP_MARK)) {
        reads.push(Deno.remove(`${this.folder}/${entry.name}`).catch(() => {}));
        continue;
      }
      if (!entry.name.endsWith(SUFFIX)) continue;
      const id = decodeURIComponent(entry.name.slice(0, -SUFFIX.length));
      reads.push(
        this.get(id).then((value) => {
          if (value !== undefined) found.set(id, value);
        }),
      );
    }
    await Promise.all(reads);
    return found;
  }

  #chain(id: string, op: () => Promise<void>): Promise<void> {
    const before = this.#chains.get(id) ?? Promise.resolve();
    const next = before.catch(() => {}).then(op);
    this.#chains.set(id, next);
    // Forget settled chains so the map does not grow with every id ever written.
    const forget = () => {
      if (this.#chains.get(id) === next) this.#chains.delete(id);
    };
    next.then(forget, forget);
    return next;
  }
}
