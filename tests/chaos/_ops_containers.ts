/**
 * @module
 * Container operations of the chaos workload, each through the docker CLI or the raw API. An
 * operation first puts the model in doubt about what it touches, and settles it only after the
 * daemon's success answer: an operation cut by the kill leaves the doubt for the next check.
 */

import { makeTar } from "../_helpers/tar.ts";
import { waitFor } from "../_helpers/wait.ts";
import { type ContainerFact, newContainer, type RestartPolicy } from "./_model.ts";
import { CliError, docker, dockerRun, type OpContext, viaCli } from "./_context.ts";

/** Prints `L0`, `L1`, ... every 100 ms until stopped. */
export const COUNTER = ["sh", "-c", "i=0; while true; do echo L$i; i=$((i+1)); sleep 0.1; done"];

const ref = (c: ContainerFact) => c.id ?? c.name;

function pickContainer(
  ctx: OpContext,
  ok: (c: ContainerFact) => boolean,
): ContainerFact | undefined {
  const candidates = [...ctx.w.containers.values()].filter(ok);
  return candidates.length ? ctx.rng.pick(candidates) : undefined;
}

function pickExisting<T extends { exists: string }>(ctx: OpContext, items: Map<string, T>) {
  const yes = [...items.entries()].filter(([, v]) => v.exists === "yes").map(([k]) => k);
  return yes.length && ctx.rng.chance(0.4) ? ctx.rng.pick(yes) : undefined;
}

/** `docker run -d` of a counter, sometimes with a restart policy, a volume and a network. */
export async function runCounter(ctx: OpContext): Promise<boolean | void> {
  const restart = ctx.rng.weighted<RestartPolicy>({
    no: 5,
    always: 1,
    "unless-stopped": 1,
    "on-failure": 1,
  });
  const c = newContainer(ctx.w.name("c"), "counter", restart);
  c.volume = pickExisting(ctx, ctx.w.volumes);
  c.network = pickExisting(ctx, ctx.w.networks);
  ctx.w.containers.set(c.name, c);
  c.generation++;
  if (viaCli(ctx)) {
    const args = ["run", "-d", "--name", c.name];
    if (restart !== "no") args.push("--restart", restart);
    if (c.volume) args.push("-v", `${c.volume}:/data`);
    if (c.network) args.push("--network", c.network);
    c.id = (await docker(ctx, ...args, "alpine", ...COUNTER)).trim();
  } else {
    const created = await ctx.api.json<{ Id: string }>(
      "POST",
      `/containers/create?name=${c.name}`,
      {
        Image: "alpine",
        Cmd: COUNTER,
        HostConfig: {
          RestartPolicy: { Name: restart === "no" ? "" : restart },
          Binds: c.volume ? [`${c.volume}:/data`] : undefined,
          NetworkMode: c.network,
        },
      },
    );
    c.id = created.Id;
    c.exists = "yes";
    await ctx.api.send("POST", `/containers/${c.id}/start`);
  }
  c.exists = "yes";
  c.status = "running";
  ctx.follow(c);
}

/** A container that prints two lines, writes `/out` and exits 0 or 3, run to its end. */
export async function runOneshot(ctx: OpContext): Promise<boolean | void> {
  const c = newContainer(ctx.w.name("o"), "oneshot", "no");
  const tok = ctx.rng.token();
  const code = ctx.rng.pick([0, 0, 3]);
  const cmd = ["sh", "-c", `echo one-${tok}; echo two-${tok}; echo ${tok} > /out; exit ${code}`];
  const expected = `one-${tok}\ntwo-${tok}\n`;
  ctx.w.containers.set(c.name, c);
  if (viaCli(ctx)) {
    const r = await dockerRun(ctx, "run", "--name", c.name, "alpine", ...cmd);
    if (r.code !== code || r.stdout !== expected) {
      throw new CliError(`docker run ${c.name}: exit ${r.code}, stdout ${r.stdout}, ${r.stderr}`);
    }
  } else {
    const { Id } = await ctx.api.json<{ Id: string }>("POST", `/containers/create?name=${c.name}`, {
      Image: "alpine",
      Cmd: cmd,
    });
    c.id = Id;
    c.exists = "yes";
    await ctx.api.send("POST", `/containers/${Id}/start`);
    const waited = await ctx.api.json<{ StatusCode: number }>("POST", `/containers/${Id}/wait`);
    if (waited.StatusCode !== code) throw new Error(`wait ${c.name}: ${waited.StatusCode}`);
    // The exit is acknowledged now: its code and the layer holding /out must be durable.
    Object.assign(c, { status: "exited", exitCode: code });
    c.files.set("/out", { content: `${tok}\n`, sure: true });
    ctx.acked();
    const logs = await ctx.api.logs(Id);
    if (logs !== expected) {
      ctx.complain(`${c.name}: logs right after exit were ${JSON.stringify(logs)}`);
    }
  }
  c.exists = "yes";
  c.status = "exited";
  c.exitCode = code;
  c.lines = [`one-${tok}`, `two-${tok}`];
  c.exactLogs = true;
  c.files.set("/out", { content: `${tok}\n`, sure: true });
}

/** `docker run --rm --name N alpine true`: once answered, N must never be listed again. */
export async function runRemoved(ctx: OpContext): Promise<boolean | void> {
  const name = ctx.w.name("rm");
  await docker(ctx, "run", "--rm", "--name", name, "alpine", "true");
  ctx.model.gone.containers.add(name);
}

/** An exec that writes a file into the container's layer, or a token into its volume. */
export async function execWrite(ctx: OpContext): Promise<boolean | void> {
  const c = pickContainer(ctx, (c) => c.exists === "yes" && c.status === "running");
  if (!c) return false;
  const tok = ctx.rng.token();
  const volume = c.volume && ctx.rng.chance(0.5) ? ctx.w.volumes.get(c.volume) : undefined;
  const script = volume ? `echo ${tok} >> /data/log` : `echo ${tok} > /exec-${tok}`;
  if (viaCli(ctx)) {
    await docker(ctx, "exec", c.name, "sh", "-c", script);
  } else {
    const { Id } = await ctx.api.json<{ Id: string }>("POST", `/containers/${ref(c)}/exec`, {
      Cmd: ["sh", "-c", script],
    });
    await ctx.api.send("POST", `/exec/${Id}/start`, { Detach: true });
    const info = await waitFor(async () => {
      const info = await ctx.api.json<{ Running: boolean; ExitCode: number }>(
        "GET",
        `/exec/${Id}/json`,
      );
      return !info.Running && info;
    }, { message: `the exec in ${c.name} to end` });
    if (info.ExitCode !== 0) throw new Error(`exec in ${c.name} exited ${info.ExitCode}`);
  }
  if (volume) volume.tokens.push(tok);
  else c.execFiles.set(`/exec-${tok}`, `${tok}\n`);
}

/** `docker cp` of a new file into a container (any state): durable once answered. */
export async function copyInto(ctx: OpContext): Promise<boolean | void> {
  const c = pickContainer(ctx, (c) => c.exists === "yes" && c.status !== "unknown");
  if (!c) return false;
  const tok = ctx.rng.token();
  const path = `/cp-${tok}`;
  c.files.set(path, { content: tok, sure: false });
  if (viaCli(ctx)) {
    const local = `${ctx.scratch}/cp-${tok}`;
    await Deno.writeTextFile(local, tok);
    await docker(ctx, "cp", local, `${c.name}:${path}`);
  } else {
    const tar = makeTar([{ name: `cp-${tok}`, body: tok }]);
    await ctx.api.send("PUT", `/containers/${ref(c)}/archive?path=/`, tar);
  }
  c.files.set(path, { content: tok, sure: true });
}

/** `docker cp` out of a container: an acknowledged file must read back as written. */
export async function copyOut(ctx: OpContext): Promise<boolean | void> {
  const c = pickContainer(
    ctx,
    (c) => c.exists === "yes" && [...c.files.values()].some((f) => f.sure),
  );
  if (!c) return false;
  const [path, file] = ctx.rng.pick([...c.files.entries()].filter(([, f]) => f.sure));
  let got: string | undefined;
  if (viaCli(ctx)) {
    const local = `${ctx.scratch}/out-${ctx.rng.token()}`;
    await docker(ctx, "cp", `${c.name}:${path}`, local);
    got = await Deno.readTextFile(local);
  } else {
    got = await ctx.api.readFile(ref(c), path);
  }
  if (got !== file.content && !ctx.killed()) {
    ctx.complain(`${c.name}:${path} read back ${JSON.stringify(got)}, wrote ${file.content}`);
  }
}
