/**
 * @module
 * An append-only file of framed records: `u32 length | u32 masked CRC-32 | payload` (big
 * endian). A crash can leave a torn last record (or a tail of zeros, which ext4 may show after a
 * crash); reading stops at the first frame that does not check out and the file is truncated
 * there, so later appends follow the last good record. The CRC is masked so a zero-filled tail
 * never passes for empty records. Used for container logs and the events history.
 *
 * Appends made in the same tick are written with one write; `flush()` fsyncs, and concurrent
 * flushes share one fsync (group commit).
 */

import { crc32 } from "./_crc32.ts";
import { CoalescedSync } from "./_coalesced_sync.ts";
import { writeAll, writeFileAtomic } from "./atomic_file.ts";

const HEADER = 8;
const MASK = 0xa282ead8;
const encoder = new TextEncoder();

/** One framed record's bytes. */
export function encodeRecord(payload: Uint8Array | string): Uint8Array {
  const body = typeof payload === "string" ? encoder.encode(payload) : payload;
  const frame = new Uint8Array(HEADER + body.length);
  const view = new DataView(frame.buffer);
  view.setUint32(0, body.length);
  view.setUint32(4, (crc32(body) ^ MASK) >>> 0);
  frame.set(body, HEADER);
  return frame;
}

/** The records in `bytes` up to the first bad frame, and where the good part ends. */
export function decodeRecords(bytes: Uint8Array): { records: Uint8Array[]; validLength: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const records: Uint8Array[] = [];
  let at = 0;
  while (at + HEADER <= bytes.length) {
    const length = view.getUint32(at);
    const end = at + HEADER + length;
    if (end > bytes.length) break;
    const body = bytes.subarray(at + HEADER, end);
    if (((crc32(body) ^ MASK) >>> 0) !== view.getUint32(at + 4)) break;
    records.push(body);
    at = end;
  }
  return { records, validLength: at };
}

/** An append-only record file. Open with `RecordLog.open`. */
export class RecordLog {
  #file: Deno.FsFile;
  #size: number;
  #pending: Uint8Array[] = [];
  #pendingWrite?: Promise<void>;
  /** The last write or rewrite; everything is chained after it so order holds. */
  #tail: Promise<void> = Promise.resolve();
  readonly #sync: CoalescedSync;
  /** What `open` scanned, until the log changes: a `readAll` right after open reuses it. */
  #scanned?: Uint8Array[];

  private constructor(
    readonly path: string,
    file: Deno.FsFile,
    size: number,
    scanned?: Uint8Array[],
  ) {
    this.#file = file;
    this.#size = size;
    this.#scanned = scanned;
    // fdatasync: an append changes the size, which it flushes too; mtime is not worth a wait.
    this.#sync = new CoalescedSync(() => this.#tail.then(() => this.#file.syncData()));
  }

  /**
   * Opens (creating) the log at `path`. A torn or corrupt tail is reported on stderr and cut
   * off, so appends continue after the last good record. `checkedSize`, the size this process
   * left the file at when it closed it, skips the scan when the file still has that size (a
   * container's log reopened for its next run is not read again).
   */
  static async open(path: string, checkedSize?: number): Promise<RecordLog> {
    const file = await Deno.open(path, { read: true, write: true, create: true });
    const onDisk = (await file.stat()).size;
    // An empty file (a new container's log) has nothing to scan.
    const { size, torn, records } = onDisk === 0
      ? { size: 0, torn: 0, records: [] }
      : onDisk === checkedSize
      ? { size: onDisk, torn: 0, records: undefined }
      : await scan(path);
    if (torn) {
      console.error(`sockerless: ${path}: dropped a torn or corrupt tail of ${torn} bytes`);
      await file.truncate(size);
      await file.sync();
    }
    await file.seek(size, Deno.SeekMode.Start);
    return new RecordLog(path, file, size, records);
  }

  /** Bytes in the file, counting appends not yet written. */
  get size(): number {
    return this.#size;
  }

  /** Appends one record; resolves when it is written to the file (durable after `flush`). */
  append(payload: Uint8Array | string): Promise<void> {
    const frame = encodeRecord(payload);
    this.#scanned = undefined;
    this.#size += frame.length;
    this.#pending.push(frame);
    // One write per tick for all records appended in it.
    this.#pendingWrite ??= Promise.resolve().then(() => this.#writePending());
    return this.#pendingWrite;
  }

  #writePending(): Promise<void> {
    const frames = this.#pending;
    this.#pending = [];
    this.#pendingWrite = undefined;
    const bytes = frames.length === 1 ? frames[0] : concat(frames);
    // A failed write fails its own appenders, not every later one.
    this.#tail = this.#tail.catch(() => {}).then(() => writeAll(this.#file, bytes));
    return this.#tail;
  }

  /** Resolves once every record appended before the call is durable. */
  async flush(): Promise<void> {
    if (this.#pendingWrite) await this.#pendingWrite;
    await this.#sync.request();
  }

  /** Every good record in the file, oldest first, including appends made before the call. */
  async readAll(): Promise<Uint8Array[]> {
    if (this.#pendingWrite) await this.#pendingWrite;
    await this.#tail;
    const scanned = this.#scanned;
    this.#scanned = undefined;
    return scanned ?? decodeRecords(await Deno.readFile(this.path)).records;
  }

  /** Replaces the whole log with `records` atomically (compaction); durable when it resolves. */
  async replace(records: readonly (Uint8Array | string)[]): Promise<void> {
    if (this.#pendingWrite) await this.#pendingWrite;
    this.#scanned = undefined;
    const swap = async () => {
      const bytes = concat(records.map(encodeRecord));
      await writeFileAtomic(this.path, bytes);
      this.#file.close();
      this.#file = await Deno.open(this.path, { read: true, write: true });
      await this.#file.seek(0, Deno.SeekMode.End);
      this.#size = bytes.length;
    };
    this.#tail = this.#tail.catch(() => {}).then(swap);
    await this.#tail;
  }

  /** Writes what is pending and closes the file (not fsynced: call `flush` first if needed). */
  async close(): Promise<void> {
    if (this.#pendingWrite) await this.#pendingWrite;
    await this.#tail.catch(() => {});
    this.#file.close();
  }
}

async function scan(
  path: string,
): Promise<{ size: number; torn: number; records: Uint8Array[] }> {
  const bytes = await Deno.readFile(path);
  const { records, validLength } = decodeRecords(bytes);
  return { size: validLength, torn: bytes.length - validLength, records };
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const p of parts) length += p.length;
  const out = new Uint8Array(length);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
