/**
 * @module
 * Crash-only persistence primitives shared by every backend: the locked data root, atomic
 * checksummed files, append-only record logs and folders of durable objects. Nothing here knows
 * about containers or images; backends decide what to store.
 */

export { type DataRoot, openDataRoot } from "./data_root.ts";
export {
  readJsonChecked,
  removeFileDurable,
  writeFileAtomic,
  writeJsonAtomic,
} from "./atomic_file.ts";
export { decodeRecords, encodeRecord, RecordLog } from "./record_log.ts";
export { ObjectStore } from "./object_store.ts";
export { JournalStore } from "./journal_store.ts";
export { syncDir } from "./_dir_sync.ts";
export { CoalescedSync } from "./_coalesced_sync.ts";
