/**
 * @module
 * A process's `user` (`name`, `uid`, `name:group`, `uid:gid`) read against the container's
 * `/etc/passwd` and `/etc/group`, with dockerd's messages for names they lack.
 */

import { invalidParameter } from "../errors.ts";

/** A resolved user. */
export interface HostUser {
  uid: number;
  gid: number;
}

function rows(text: string): string[][] {
  return text.split("\n").filter((line) => line && !line.startsWith("#")).map((l) => l.split(":"));
}

async function readRows(path: string): Promise<string[][]> {
  try {
    return rows(await Deno.readTextFile(path));
  } catch {
    return [];
  }
}

const numeric = (s: string) => /^\d+$/.test(s);

/** Resolves `user` with the passwd and group files under `etcDir`; throws dockerd's error. */
export async function resolveUser(user: string, etcDir: string): Promise<HostUser> {
  const [name, group] = user.split(":", 2);
  const passwd = await readRows(`${etcDir}/passwd`);
  const row = passwd.find((r) => r[0] === name || (numeric(name) && r[2] === name));
  if (!row && !numeric(name)) {
    throw invalidParameter(`unable to find user ${name}: no matching entries in passwd file`);
  }
  const uid = Number(row ? row[2] : name);
  let gid = Number(row?.[3] ?? uid);
  if (group !== undefined) {
    const groups = await readRows(`${etcDir}/group`);
    const g = groups.find((r) => r[0] === group || (numeric(group) && r[2] === group));
    if (!g && !numeric(group)) {
      throw invalidParameter(`unable to find group ${group}: no matching entries in group file`);
    }
    gid = Number(g ? g[2] : group);
  }
  return { uid, gid };
}
