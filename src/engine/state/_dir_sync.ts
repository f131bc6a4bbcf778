/**
 * @module
 * Durable directory entries: after a rename, create or unlink, the directory itself must be
 * fsynced or a crash can forget the new name. Concurrent callers on one directory share fsyncs
 * (CoalescedSync), so a burst of writes in one folder pays for one or two directory fsyncs.
 */

import { CoalescedSync } from "./_coalesced_sync.ts";

const dirs = new Map<string, CoalescedSync>();

async function fsyncDir(dir: string): Promise<void> {
  const handle = await Deno.open(dir, { read: true });
  try {
    await handle.sync();
  } finally {
    handle.close();
  }
}

/** Resolves once every directory entry change in `dir` made before the call is durable. */
export async function syncDir(dir: string): Promise<void> {
  let sync = dirs.get(dir);
  if (!sync) dirs.set(dir, sync = new CoalescedSync(() => fsyncDir(dir)));
  try {
    await sync.request();
  } finally {
    // Forget idle folders so a daemon with many short-lived containers keeps no garbage.
    if (!sync.busy && dirs.get(dir) === sync) dirs.delete(dir);
  }
}
