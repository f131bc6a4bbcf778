/**
 * @module
 * Lifecycle operations on the workload's containers: stop, start (also of containers the
 * daemon recovered as exited) and forced removal, through the docker CLI or the raw API.
 */

import type { ContainerFact } from "./_model.ts";
import { docker, type OpContext, viaCli } from "./_context.ts";

function pick(ctx: OpContext, ok: (c: ContainerFact) => boolean): ContainerFact | undefined {
  const candidates = [...ctx.w.containers.values()].filter(ok);
  return candidates.length ? ctx.rng.pick(candidates) : undefined;
}

/**
 * `docker stop` of a running counter without a restart policy that would bring it back at the
 * next daemon start (`always`, `on-failure` after a non-zero exit). Once answered, exec writes
 * into its layer are durable too: a stopped container keeps its filesystem.
 */
export async function stopContainer(ctx: OpContext): Promise<boolean | void> {
  const c = pick(
    ctx,
    (c) =>
      c.exists === "yes" && c.status === "running" && c.kind === "counter" &&
      (c.restart === "no" || c.restart === "unless-stopped"),
  );
  if (!c) return false;
  c.status = "unknown";
  if (viaCli(ctx)) await docker(ctx, "stop", "-t", "1", c.name);
  else await ctx.api.send("POST", `/containers/${c.id ?? c.name}/stop?t=1`);
  c.status = "exited";
  c.exitCode = undefined;
  for (const [path, content] of c.execFiles) c.files.set(path, { content, sure: true });
  c.execFiles.clear();
}

/** `docker start` of an exited counter: its logs go on after the earlier runs' lines. */
export async function startContainer(ctx: OpContext): Promise<boolean | void> {
  const c = pick(ctx, (c) => c.exists === "yes" && c.status === "exited" && c.kind === "counter");
  if (!c) return false;
  c.status = "unknown";
  c.exactLogs = false;
  c.generation++;
  if (viaCli(ctx)) await docker(ctx, "start", c.name);
  else await ctx.api.send("POST", `/containers/${c.id ?? c.name}/start`);
  c.status = "running";
  ctx.follow(c);
}

/** A log that long makes a container the first one to go: every check reads every log. */
export const LONG_LOG = 300;

/** `docker rm -f`: once answered, the container must never be listed again. */
export async function removeContainer(ctx: OpContext): Promise<boolean | void> {
  const c = pick(ctx, (c) => c.exists === "yes" && c.lines.length > LONG_LOG) ??
    pick(ctx, (c) => c.exists === "yes");
  if (!c) return false;
  // Cut short, a forced removal may leave the container killed (by hand: no policy restarts it).
  c.exists = "maybe";
  c.status = "unknown";
  if (viaCli(ctx)) await docker(ctx, "rm", "-f", c.name);
  else await ctx.api.send("DELETE", `/containers/${c.id ?? c.name}?force=1`);
  ctx.w.containers.delete(c.name);
  ctx.model.gone.containers.add(c.name);
}

/** `docker logs` through the CLI: it must extend what was acknowledged, and acknowledges more. */
export async function readLogs(ctx: OpContext): Promise<boolean | void> {
  const c = pick(ctx, (c) => c.exists === "yes" && c.status !== "unknown" && c.lines.length > 0);
  if (!c) return false;
  const generation = c.generation;
  // Lines acknowledged before the call must all be in its answer; a follower may ack more meanwhile.
  const before = c.lines.length;
  const lines = (await docker(ctx, "logs", c.name)).split("\n").slice(0, -1);
  if (ctx.killed() || c.generation !== generation) return;
  const shared = Math.min(lines.length, c.lines.length);
  const first = c.lines.slice(0, shared).findIndex((line, i) => lines[i] !== line);
  if (first >= 0) {
    ctx.complain(
      `${c.name}: docker logs line ${first} is ${lines[first]}, acknowledged ${c.lines[first]}`,
    );
  } else if (lines.length < before) {
    ctx.complain(
      `${c.name}: docker logs printed ${lines.length} lines, ${before} were acknowledged`,
    );
  } else if (lines.length > c.lines.length) c.lines = lines;
}
