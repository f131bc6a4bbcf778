/**
 * @module
 * Volume and network operations of the chaos workload: create, write a token into a volume's
 * `/log` from a container, remove, through the docker CLI or the raw API.
 */

import type { ContainerFact, NetworkFact, VolumeFact } from "./_model.ts";
import { docker, type OpContext, viaCli } from "./_context.ts";

function unused<T extends { exists: string }>(
  ctx: OpContext,
  items: Map<string, T>,
  uses: (c: ContainerFact) => string | undefined,
): string | undefined {
  const used = new Set([...ctx.w.containers.values()].map(uses));
  const names = [...items.entries()]
    .filter(([name, v]) => v.exists === "yes" && !used.has(name))
    .map(([name]) => name);
  return names.length ? ctx.rng.pick(names) : undefined;
}

/** `docker volume create`. */
export async function createVolume(ctx: OpContext): Promise<boolean | void> {
  const fact: VolumeFact = { name: ctx.w.name("v"), exists: "maybe", tokens: [] };
  ctx.w.volumes.set(fact.name, fact);
  if (viaCli(ctx)) await docker(ctx, "volume", "create", fact.name);
  else await ctx.api.send("POST", "/volumes/create", { Name: fact.name });
  fact.exists = "yes";
}

/** A container appends a token to the volume's `/log`, and is removed. */
export async function writeVolume(ctx: OpContext): Promise<boolean | void> {
  const volumes = [...ctx.w.volumes.values()].filter((v) => v.exists === "yes");
  if (!volumes.length) return false;
  const volume = ctx.rng.pick(volumes);
  const tok = ctx.rng.token();
  const cmd = ["sh", "-c", `echo ${tok} >> /data/log`];
  if (viaCli(ctx)) {
    await docker(ctx, "run", "--rm", "-v", `${volume.name}:/data`, "alpine", ...cmd);
  } else {
    const name = ctx.w.name("vw");
    const { Id } = await ctx.api.json<{ Id: string }>("POST", `/containers/create?name=${name}`, {
      Image: "alpine",
      Cmd: cmd,
      HostConfig: { Binds: [`${volume.name}:/data`] },
    });
    await ctx.api.send("POST", `/containers/${Id}/start`);
    const waited = await ctx.api.json<{ StatusCode: number }>("POST", `/containers/${Id}/wait`);
    if (waited.StatusCode !== 0) throw new Error(`volume writer exited ${waited.StatusCode}`);
    await ctx.api.send("DELETE", `/containers/${Id}`);
    ctx.model.gone.containers.add(name);
  }
  volume.tokens.push(tok);
}

/** `docker volume rm` of a volume no container of the model mounts. */
export async function removeVolume(ctx: OpContext): Promise<boolean | void> {
  const name = unused(ctx, ctx.w.volumes, (c) => c.volume);
  if (!name) return false;
  ctx.w.volumes.get(name)!.exists = "maybe";
  if (viaCli(ctx)) await docker(ctx, "volume", "rm", name);
  else await ctx.api.send("DELETE", `/volumes/${name}`);
  ctx.w.volumes.delete(name);
  ctx.model.gone.volumes.add(name);
}

/** `docker network create`, then its subnet as the daemon's IPAM gave it. */
export async function createNetwork(ctx: OpContext): Promise<boolean | void> {
  const fact: NetworkFact = { name: ctx.w.name("n"), exists: "maybe" };
  ctx.w.networks.set(fact.name, fact);
  if (viaCli(ctx)) {
    fact.id = (await docker(ctx, "network", "create", fact.name)).trim();
  } else {
    fact.id =
      (await ctx.api.json<{ Id: string }>("POST", "/networks/create", { Name: fact.name })).Id;
  }
  fact.exists = "yes";
  const info = await ctx.api.json<{ IPAM: { Config: { Subnet: string }[] } }>(
    "GET",
    `/networks/${fact.id}`,
  );
  fact.subnet = info.IPAM.Config[0]?.Subnet;
}

/** `docker network rm` of a network no container of the model is on. */
export async function removeNetwork(ctx: OpContext): Promise<boolean | void> {
  const name = unused(ctx, ctx.w.networks, (c) => c.network);
  if (!name) return false;
  ctx.w.networks.get(name)!.exists = "maybe";
  if (viaCli(ctx)) await docker(ctx, "network", "rm", name);
  else await ctx.api.send("DELETE", `/networks/${name}`);
  ctx.w.networks.delete(name);
  ctx.model.gone.networks.add(name);
}
