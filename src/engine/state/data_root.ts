/**
 * @module
 * The daemon's data directory (`--data-root`), like dockerd's /var/lib/docker. Opening it takes
 * the lock file `<root>/sockerless.pid` (holding our pid) with an exclusive `flock` kept for the
 * daemon's life: a second daemon on the same root refuses to start while the holder lives; the
 * kernel drops the lock of a dead daemon (one killed with SIGKILL never removes the file), so it
 * is taken over. The lock, not the pid, decides: the daemon's permissions (no --allow-run, no
 * /proc access without --allow-all) cannot probe another pid. Opening also empties `<root>/tmp`,
 * where half-finished pulls, pushes, builds, loads and commits keep their data until they rename it
 * into place: whatever is left there belonged to an operation that never finished.
 */

import { writeAll } from "./atomic_file.ts";
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
  /** Gives the lock up (only tests need to: the kernel drops it when the process ends). */
  release(): void;
}

const LOCK_FILE = "sockerless.pid";

/** Opens (creating) the data root at `path` and locks it; throws if another daemon holds it. */
export async function openDataRoot(path: string): Promise<DataRoot> {
  const root = absolute(path);
  await Deno.mkdir(root, { recursive: true });
  const lock = `${root}/${LOCK_FILE}`;
  const held = await takeLock(root, lock);
  HELD.add(held);
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
      // The file stays: removing it could let two newcomers lock two different files.
      HELD.delete(held);
      held.close();
    },
  };
}

/** Open lock files: referenced here so they live (and keep their lock) as long as the process. */
const HELD = new Set<Deno.FsFile>();

/**
 * Takes the lock (an exclusive flock on the pid file) and writes our pid into it; answers the
 * open file that holds the lock.
 */
async function takeLock(root: string, lock: string): Promise<Deno.FsFile> {
  const file = await Deno.open(lock, { read: true, write: true, create: true });
  if (!(await file.tryLock(true))) {
    file.close();
    const holder = readPid(lock);
    throw new Error(
      `data root ${root} is in use by sockerless (pid ${holder ?? "unknown"}, lock file ${lock})`,
    );
  }
  const previous = readPid(lock);
  if (previous !== undefined && previous !== Deno.pid) {
    console.error(
      `sockerless: taking over the lock of ${root} from pid ${previous}, which is gone`,
    );
  }
  await file.truncate(0);
  await writeAll(file, new TextEncoder().encode(`${Deno.pid}\n`));
  await file.sync();
  // The lock file's directory entry is made durable by openDataRoot's fsync of the root.
  return file;
}

function readPid(lock: string): number | undefined {
  try {
    const pid = Number(Deno.readTextFileSync(lock).trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function absolute(path: string): string {
  const full = path.startsWith("/") ? path : `${Deno.cwd()}/${path}`;
  return full.length > 1 ? full.replace(/\/+$/, "") : full;
}
