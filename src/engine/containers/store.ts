/**
 * @module
 * Where containers are kept: in memory only (tests, `createMemoryBackend()`), or under
 * the data root's `containers/` folder:
 *
 * - `containers.journal` the records (config, host config, state, exit code, name, restart
 *   policy, mounts, network endpoints), a JournalStore: every change appends the record's new
 *   version and is fsynced with whatever else is being saved (one fdatasync shared by all
 *   containers changing at once — a record per file cost two fsyncs and a rename per change).
 *   A record is what makes a container exist: it is written first and removed first.
 * - `<id>.log`   the output, a RecordLog of `stream u8 | time ns u64 | bytes` lines.
 * - `<id>.layer` the writable layer as the runtime saved it (opaque bytes), saved when the main
 *   process exits, after `docker cp` into it and at commit.
 *
 * Start sweeps `.log`/`.layer` files whose record is gone (a remove cut short by a crash).
 */

import type { MountSpec } from "../../../sandbox/runtime.ts";
import type { ContainerRecord } from "./record.ts";
import type { LogEntry, LogSink } from "../logs.ts";
import { type DataRoot, JournalStore, RecordLog, writeFileAtomic } from "../state/mod.ts";
import type { MountView } from "./mounts.ts";
import type { NetworkRequest } from "./container.ts";

/** What is saved of a container: its record without runtime-only fields, plus its mounts. */
export interface SavedContainer extends Omit<ContainerRecord, "execIds"> {
  v: 1;
  mounts: MountSpec[];
  mountViews: MountView[];
  /** The networks' view of its endpoints (opaque here; the networks service reads it back). */
  endpoints?: unknown;
  /** Networks named at create that did not exist yet (joined at start). */
  pendingNetworks?: NetworkRequest;
}

/** A container found in the store at start. */
export interface StoredContainer {
  saved: SavedContainer;
  /** Reads its log (when first needed: logs are not read at start). */
  logs: () => Promise<LogEntry[]>;
  /** Its writable layer as the runtime saved it. */
  layer?: Uint8Array;
}

/** Keeps containers. */
export interface ContainerStore {
  /** True when saving reaches a disk (false: nothing outlives the process). */
  readonly durable: boolean;
  save(saved: SavedContainer): Promise<void>;
  saveLayer(id: string, layer: Uint8Array): Promise<void>;
  /** Sets a saved layer the runtime refused aside (kept for inspection, never loaded again). */
  discardLayer(id: string): Promise<void>;
  /** The sink for a container's log, if logs are kept beyond memory. */
  logSink(id: string): LogSink | undefined;
  forget(id: string): Promise<void>;
  loadAll(): Promise<StoredContainer[]>;
}

/** The sink of a container's log: none with the `none` log driver, which keeps nothing. */
export function logSinkOf(
  store: ContainerStore,
  id: string,
  logDriver: string | undefined,
): LogSink | undefined {
  return logDriver === "none" ? undefined : store.logSink(id);
}

/** Keeps nothing: containers live as long as the process. */
export const memoryOnlyStore: ContainerStore = {
  durable: false,
  save: () => Promise.resolve(),
  saveLayer: () => Promise.resolve(),
  discardLayer: () => Promise.resolve(),
  logSink: () => undefined,
  forget: () => Promise.resolve(),
  loadAll: () => Promise.resolve([]),
};

const ENTRY_HEAD = 9;

function encodeEntry(e: LogEntry): Uint8Array {
  const out = new Uint8Array(ENTRY_HEAD + e.data.byteLength);
  out[0] = e.stream;
  new DataView(out.buffer).setBigUint64(1, e.time);
  out.set(e.data, ENTRY_HEAD);
  return out;
}

function decodeEntry(bytes: Uint8Array): LogEntry | undefined {
  if (bytes.byteLength < ENTRY_HEAD) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { stream: bytes[0], time: view.getBigUint64(1), data: bytes.slice(ENTRY_HEAD) };
}

/** A container log file, opened on the first line and closed after each run. */
class FileLogSink implements LogSink {
  #log?: Promise<RecordLog>;
  /** The file's size when this sink last closed it (checked then: no scan at the next run). */
  #closedAt?: number;

  constructor(readonly path: string, readonly opened: () => void) {}

  async write(entry: LogEntry): Promise<void> {
    if (!this.#log) this.opened();
    const log = await (this.#log ??= RecordLog.open(this.path, this.#closedAt));
    log.append(encodeEntry(entry));
    await log.flush();
  }

  async close(): Promise<void> {
    const log = this.#log;
    this.#log = undefined;
    if (!log) return;
    const closing = await log;
    await closing.close();
    this.#closedAt = closing.size;
  }
}

/** Containers under `<data root>/containers`. */
export class DiskContainerStore implements ContainerStore {
  readonly durable = true;
  readonly #sinks = new Map<string, FileLogSink>();
  /** The `.log`/`.layer` files of each container (a remove unlinks only those that exist). */
  readonly #files = new Map<string, Set<string>>();

  private constructor(readonly folder: string, readonly records: JournalStore<SavedContainer>) {}

  static async open(root: DataRoot): Promise<DiskContainerStore> {
    const folder = root.dir("containers");
    return new DiskContainerStore(folder, await JournalStore.open(`${folder}/containers.journal`));
  }

  save(saved: SavedContainer): Promise<void> {
    return this.records.put(saved.id, saved);
  }

  saveLayer(id: string, layer: Uint8Array): Promise<void> {
    this.#hasFile(id, "layer");
    return writeFileAtomic(`${this.folder}/${id}.layer`, layer);
  }

  async discardLayer(id: string): Promise<void> {
    const path = `${this.folder}/${id}.layer`;
    console.error(`sockerless: ${path} is damaged; the container starts from its image`);
    this.#files.get(id)?.delete("layer");
    await Deno.rename(path, `${path}.corrupt-${Date.now()}`).catch(() => {});
  }

  logSink(id: string): LogSink {
    let sink = this.#sinks.get(id);
    if (!sink) {
      sink = new FileLogSink(`${this.folder}/${id}.log`, () => this.#hasFile(id, "log"));
      this.#sinks.set(id, sink);
    }
    return sink;
  }

  async forget(id: string): Promise<void> {
    await this.records.remove(id);
    await this.#sinks.get(id)?.close();
    this.#sinks.delete(id);
    const files = this.#files.get(id);
    this.#files.delete(id);
    // No fsync: a file left by a crash here has no record and is swept at the next start.
    for (const ext of files ?? []) {
      await Deno.remove(`${this.folder}/${id}.${ext}`).catch(() => {});
    }
  }

  #hasFile(id: string, ext: string): void {
    const files = this.#files.get(id);
    if (files) files.add(ext);
    else this.#files.set(id, new Set([ext]));
  }

  async loadAll(): Promise<StoredContainer[]> {
    const records = this.records.values();
    const files = await this.#sweep(new Set(records.keys()));
    return await Promise.all([...records.values()].map(async (saved) => ({
      saved,
      logs: () => files.has(`${saved.id}.log`) ? this.#readLog(saved.id) : Promise.resolve([]),
      layer: files.has(`${saved.id}.layer`)
        ? await Deno.readFile(`${this.folder}/${saved.id}.layer`)
        : undefined,
    })));
  }

  /** Deletes leftovers; answers the names of the files that belong to live containers. */
  async #sweep(live: Set<string>): Promise<Set<string>> {
    const kept = new Set<string>();
    for await (const entry of Deno.readDir(this.folder)) {
      if (entry.name.includes(".tmp-")) {
        await Deno.remove(`${this.folder}/${entry.name}`).catch(() => {}); // a save cut short
        continue;
      }
      const m = /^(.+)\.(log|layer)$/.exec(entry.name);
      if (!m) continue;
      if (live.has(m[1])) {
        this.#hasFile(m[1], m[2]);
        kept.add(entry.name);
      } else await Deno.remove(`${this.folder}/${entry.name}`).catch(() => {});
    }
    return kept;
  }

  async #readLog(id: string): Promise<LogEntry[]> {
    const path = `${this.folder}/${id}.log`;
    const log = await RecordLog.open(path);
    try {
      return (await log.readAll()).map(decodeEntry).filter((e) => e !== undefined);
    } finally {
      await log.close();
    }
  }
}
