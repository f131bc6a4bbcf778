/**
 * @module
 * The daemon's data directory (`--data-root`), like dockerd's /var/lib/docker. Opening it takes
 * the lock file `<root>/sockerless.pid` (created exclusively, holding our pid): a second daemon
 * on the same root refuses to start while the holder lives; the lock of a dead daemon (one
 * killed with SIGKILL never removes it) is taken over. Opening also empties `<root>/tmp`, where
 * half-finished pulls, pushes, builds, loads and commits keep their data until they rename it
 * into place: whatever is left there belonged to an operation that never finished.
 */

import process from "node:process";
import { dirOf } from "./atomic_file.ts";
import { syncDir } from "./_dir_sync.ts";

/** Folders every data root has. */
export const DATA_KINDS = [
  "containers",
  "images",
  "layers",
  "volumes",
  "networks",
  "buildcache",
  "events",
] as const;

/** An opened, locked data root. */
export interface DataRoot {
  /** The root folder (absolute). */
  readonly path: string;
  /** Scratch space for unfinished operations, emptied at every start. */
  readonly tmp: string;
  /** The folder for one kind of state (created on first use). */
  dir(kind: string): string;
  /** Removes the lock file if it is still ours. */
  release(): void;
}

const LOCK_FILE = "sockerless.pid";

/** Opens (creating) the data root at `path` and locks it; throws if another daemon holds it. */
export async function openDataRoot(path: string): Promise<DataRoot> {
  const root = absolute(path);
  await Deno.mkdir(root, { recursive: true });
  const lock = `${root}/${LOCK_FILE}`;
  await takeLock(root, lock);
  const tmp = `${root}/tmp`;
  await Deno.remove(tmp, { recursive: true }).catch((err) => {
    if (!(err instanceof Deno.errors.NotFound)) throw err;
  });
  for (const kind of [...DATA_KINDS, "tmp"]) {
    await Deno.mkdir(`${root}/${kind}`, { recursive: true });
  }
  await syncDir(root);
  return {
    path: root,
    tmp,
    dir(kind: string): string {
      const dir = `${root}/${kind}`;
      if (!(DATA_KINDS as readonly string[]).includes(kind)) {
        Deno.mkdirSync(dir, { recursive: true });
      }
      return dir;
    },
    release(): void {
      if (readPid(lock) === Deno.pid) Deno.removeSync(lock);
    },
  };
}

async function takeLock(root: string, lock: string): Promise<void> {
  // Two tries: the second follows the removal of a stale lock.
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const file = await Deno.open(lock, { write: true, createNew: true });
      await file.write(new TextEncoder().encode(`${Deno.pid}\n`));
      await file.sync();
      file.close();
      await syncDir(dirOf(lock));
      return;
    } catch (err) {
      if (!(err instanceof Deno.errors.AlreadyExists)) throw err;
    }
    const holder = readPid(lock);
    if (holder !== undefined && isAlive(holder)) {
      throw new Error(
        `data root ${root} is in use by sockerless (pid ${holder}, lock file ${lock})`,
      );
    }
    console.error(
      `sockerless: taking over the lock of ${root} from ${
        holder === undefined ? "an unreadable lock file" : `pid ${holder}, which is gone`
      }`,
    );
    await Deno.remove(lock).catch(() => {});
  }
  throw new Error(`data root ${root}: could not take the lock file ${lock}`);
}

function readPid(lock: string): number | undefined {
  try {
    const pid = Number(Deno.readTextFileSync(lock).trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** True when `pid` runs: our own pid counts (a second open in one process is refused too). */
function isAlive(pid: number): boolean {
  if (pid === Deno.pid) return true;
  try {
    const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
    // A zombie has exited; its pid is not a daemon holding the root.
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return false;
    // No /proc (not Linux): the kernel's signal-0 probe (EPERM still means it exists).
    try {
      process.kill(pid, 0);
      return true;
    } catch (probe) {
      return (probe as { code?: string }).code === "EPERM";
    }
  }
}

function absolute(path: string): string {
  const full = path.startsWith("/") ? path : `${Deno.cwd()}/${path}`;
  return full.length > 1 ? full.replace(/\/+$/, "") : full;
}
