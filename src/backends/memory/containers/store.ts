/**
 * @module
 * Where memory containers are kept: in memory only (tests, `createMemoryBackend()`), or under
 * the data root's `containers/` folder, one flat set of files per container so one directory
 * fsync covers them all:
 *
 * - `<id>.json`  the record (config, host config, state, exit code, name, restart policy,
 *   mounts, network endpoints), replaced atomically at every change; its presence is what
 *   makes the container exist, so it is written first and removed first.
 * - `<id>.log`   the output, a RecordLog of `stream u8 | time ns u64 | bytes` lines.
 * - `<id>.layer` the writable layer (layer_snapshot.ts), saved when the main process exits,
 *   after `docker cp` into it and at commit.
 *
 * Start sweeps `.log`/`.layer` files whose record is gone (a remove cut short by a crash).
 */

import type { Mount, UpperSnapshot } from "../../../../sandbox/mod.ts";
import type { ContainerRecord } from "../../../backend/containers/record.ts";
import type { LogEntry, LogSink } from "../../../backend/logs.ts";
import {
  type DataRoot,
  ObjectStore,
  RecordLog,
  writeFileAtomic,
} from "../../../backend/state/mod.ts";
import { decodeLayer, encodeLayer } from "./layer_snapshot.ts";
import type { MountView } from "./mounts.ts";

/** What is saved of a container: its record without runtime-only fields, plus its mounts. */
export interface SavedContainer extends Omit<ContainerRecord, "execIds"> {
  v: 1;
  mounts: Mount[];
  mountViews: MountView[];
  /** The networks' view of its endpoints (opaque here; the networks service reads it back). */
  endpoints?: unknown;
}

/** A container found in the store at start. */
export interface StoredContainer {
  saved: SavedContainer;
  logs: LogEntry[];
  layer?: UpperSnapshot;
}

/** Keeps containers. */
export interface ContainerStore {
  /** True when saving reaches a disk (false: nothing outlives the process). */
  readonly durable: boolean;
  save(saved: SavedContainer): Promise<void>;
  saveLayer(id: string, layer: UpperSnapshot): Promise<void>;
  /** The sink for a container's log, if logs are kept beyond memory. */
  logSink(id: string): LogSink | undefined;
  forget(id: string): Promise<void>;
  loadAll(): Promise<StoredContainer[]>;
}

/** Keeps nothing: containers live as long as the process. */
export const memoryOnlyStore: ContainerStore = {
  durable: false,
  save: () => Promise.resolve(),
  saveLayer: () => Promise.resolve(),
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

  constructor(readonly path: string) {}

  async write(entry: LogEntry): Promise<void> {
    const log = await (this.#log ??= RecordLog.open(this.path));
    log.append(encodeEntry(entry));
    await log.flush();
  }

  async close(): Promise<void> {
    const log = this.#log;
    this.#log = undefined;
    if (log) await (await log).close();
  }
}

/** Containers under `<data root>/containers`. */
export class DiskContainerStore implements ContainerStore {
  readonly durable = true;
  readonly #records: ObjectStore<SavedContainer>;
  readonly #sinks = new Map<string, FileLogSink>();

  constructor(readonly folder: string) {
    this.#records = new ObjectStore(folder);
  }

  static open(root: DataRoot): DiskContainerStore {
    return new DiskContainerStore(root.dir("containers"));
  }

  save(saved: SavedContainer): Promise<void> {
    return this.#records.put(saved.id, saved);
  }

  saveLayer(id: string, layer: UpperSnapshot): Promise<void> {
    return writeFileAtomic(`${this.folder}/${id}.layer`, encodeLayer(layer));
  }

  logSink(id: string): LogSink {
    let sink = this.#sinks.get(id);
    if (!sink) this.#sinks.set(id, sink = new FileLogSink(`${this.folder}/${id}.log`));
    return sink;
  }

  async forget(id: string): Promise<void> {
    await this.#records.remove(id);
    await this.#sinks.get(id)?.close();
    this.#sinks.delete(id);
    // No fsync: a file left by a crash here has no record and is swept at the next start.
    for (const ext of ["log", "layer"]) {
      await Deno.remove(`${this.folder}/${id}.${ext}`).catch(() => {});
    }
  }

  async loadAll(): Promise<StoredContainer[]> {
    const records = await this.#records.loadAll();
    await this.#sweep(new Set(records.keys()));
    return await Promise.all([...records.values()].map(async (saved) => ({
      saved,
      logs: await this.#readLog(saved.id),
      layer: await this.#readLayer(saved.id),
    })));
  }

  async #sweep(live: Set<string>): Promise<void> {
    for await (const entry of Deno.readDir(this.folder)) {
      const m = /^(.+)\.(log|layer)$/.exec(entry.name);
      if (m && !live.has(m[1])) await Deno.remove(`${this.folder}/${entry.name}`).catch(() => {});
    }
  }

  async #readLog(id: string): Promise<LogEntry[]> {
    const path = `${this.folder}/${id}.log`;
    if (!(await exists(path))) return [];
    const log = await RecordLog.open(path);
    try {
      return (await log.readAll()).map(decodeEntry).filter((e) => e !== undefined);
    } finally {
      await log.close();
    }
  }

  async #readLayer(id: string): Promise<UpperSnapshot | undefined> {
    const path = `${this.folder}/${id}.layer`;
    if (!(await exists(path))) return undefined;
    const layer = decodeLayer(await Deno.readFile(path));
    if (!layer) {
      console.error(`sockerless: ${path} is damaged; the container starts from its image`);
      await Deno.rename(path, `${path}.corrupt-${Date.now()}`).catch(() => {});
    }
    return layer;
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.lstat(path);
    return true;
  } catch {
    return false;
  }
}
