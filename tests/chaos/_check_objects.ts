/**
 * @module
 * Volume, network and data-root invariants after a restart: acknowledged volumes exist and their
 * `/log` holds every acknowledged token in order; acknowledged networks keep their id and
 * subnet, and no two networks share a subnet; removed ones stay removed; the lock file names the
 * running daemon; no temporary data older than this daemon is left under `<root>/tmp`.
 */

import type { CheckContext } from "./_check_context.ts";

/** Checks volumes and their content (read through one probe container); answers violations. */
export async function checkVolumes(cc: CheckContext): Promise<string[]> {
  const { api, model } = cc;
  const v: string[] = [];
  const listed = await api.json<{ Volumes: { Name: string }[] | null }>("GET", "/volumes");
  const names = new Set((listed.Volumes ?? []).map((x) => x.Name));
  const withLog = [];
  for (const w of model.workers) {
    for (const fact of [...w.volumes.values()]) {
      if (names.has(fact.name)) {
        fact.exists = "yes";
        if (fact.tokens.length) withLog.push(fact);
        continue;
      }
      if (fact.exists === "yes") v.push(`volume ${fact.name}: acknowledged but not listed`);
      w.volumes.delete(fact.name);
      model.gone.volumes.add(fact.name);
    }
  }
  for (const name of model.gone.volumes) {
    if (names.has(name)) v.push(`volume ${name}: removal acknowledged, listed again`);
  }
  if (!withLog.length) return v;
  const probe = `chaos-probe-${Date.now()}`;
  await api.json("POST", `/containers/create?name=${probe}`, {
    Image: "alpine",
    Cmd: ["true"],
    HostConfig: { Binds: withLog.map((f) => `${f.name}:/v/${f.name}`) },
  });
  try {
    await Promise.all(withLog.map(async (fact) => {
      const lines = (await api.readFile(probe, `/v/${fact.name}/log`) ?? "").split("\n");
      let at = 0;
      for (const line of lines) if (line === fact.tokens[at]) at++;
      if (at < fact.tokens.length) {
        v.push(
          `volume ${fact.name}: acknowledged token ${fact.tokens[at]} (${at + 1} of ` +
            `${fact.tokens.length}) missing from /log: ${JSON.stringify(lines.slice(-5))}`,
        );
      }
      model.count("volumeTokens", fact.tokens.length);
      fact.tokens = lines.filter((l) => l);
    }));
  } finally {
    await api.send("DELETE", `/containers/${probe}?force=1`);
    model.gone.containers.add(probe);
  }
  return v;
}

interface NetworkSummary {
  Name: string;
  Id: string;
  IPAM: { Config: { Subnet?: string }[] | null };
}

/** Checks networks; answers violations. */
export async function checkNetworks(cc: CheckContext): Promise<string[]> {
  const { api, model } = cc;
  const v: string[] = [];
  const listed = await api.json<NetworkSummary[]>("GET", "/networks");
  const byName = new Map(listed.map((n) => [n.Name, n]));
  for (const w of model.workers) {
    for (const fact of [...w.networks.values()]) {
      const n = byName.get(fact.name);
      if (!n) {
        if (fact.exists === "yes") v.push(`network ${fact.name}: acknowledged but not listed`);
        w.networks.delete(fact.name);
        model.gone.networks.add(fact.name);
        continue;
      }
      const subnet = n.IPAM.Config?.[0]?.Subnet;
      if (fact.exists === "yes" && fact.id && n.Id !== fact.id) {
        v.push(`network ${fact.name}: id ${n.Id}, acknowledged ${fact.id}`);
      }
      if (fact.exists === "yes" && fact.subnet && subnet !== fact.subnet) {
        v.push(`network ${fact.name}: subnet ${subnet}, acknowledged ${fact.subnet}`);
      }
      Object.assign(fact, { exists: "yes", id: n.Id, subnet });
      model.count("networks");
    }
  }
  for (const name of model.gone.networks) {
    if (byName.has(name)) v.push(`network ${name}: removal acknowledged, listed again`);
  }
  const seen = new Map<string, string>();
  for (const n of listed) {
    for (const { Subnet } of n.IPAM.Config ?? []) {
      if (Subnet && seen.has(Subnet)) {
        v.push(`networks ${seen.get(Subnet)} and ${n.Name} share ${Subnet}`);
      }
      if (Subnet) seen.set(Subnet, n.Name);
    }
  }
  return v;
}

/** Checks the lock file and leftover temporary data; answers violations. */
export async function checkDataRoot(cc: CheckContext): Promise<string[]> {
  const v: string[] = [];
  const lock = `${cc.dataRoot}/sockerless.pid`;
  const holder = await Deno.readTextFile(lock).catch(() => "");
  if (!new RegExp(`\\b${cc.pid}\\b`).test(holder)) {
    v.push(`lock ${lock} holds ${JSON.stringify(holder.trim())}, the daemon is pid ${cc.pid}`);
  }
  const tmp = `${cc.dataRoot}/tmp`;
  try {
    for await (const entry of Deno.readDir(tmp)) {
      const info = await Deno.lstat(`${tmp}/${entry.name}`).catch(() => undefined);
      // Written before this daemon was spawned: left by a killed one.
      if (info?.mtime && info.mtime.getTime() < cc.spawnedAt) {
        v.push(`tmp/${entry.name}: temporary data from before this start was not cleaned up`);
      }
    }
  } catch (err) {
    if (!(err instanceof Deno.errors.NotFound)) throw err;
  }
  return v;
}
