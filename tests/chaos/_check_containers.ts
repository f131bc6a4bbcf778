/**
 * @module
 * Container invariants after a restart: every acknowledged container is listed with its config;
 * one running at the kill came back exited 137 with a `die` event, or running again under an
 * `always`/`unless-stopped`/`on-failure` policy; an acknowledged exit keeps its code; logs start
 * with every acknowledged line, are well formed, and equal them when complete; acknowledged
 * files read back; removed containers stay removed. What was in doubt is adopted as seen.
 */

import type { Api } from "./_api.ts";
import { type CheckContext, dieEvents } from "./_check_context.ts";
import type { ContainerFact } from "./_model.ts";
import { COUNTER } from "./_ops_containers.ts";

interface Inspected {
  Id: string;
  State: { Status: string; ExitCode: number };
  Config: { Image: string; Cmd: string[] };
  HostConfig: { RestartPolicy: { Name: string }; Binds: string[] | null };
  NetworkSettings: { Networks: Record<string, unknown> };
}

/** Waits up to 3 s for a restart policy to bring the container back. */
async function settledState(api: Api, id: string, wantRunning: boolean): Promise<Inspected> {
  const deadline = Date.now() + 3000;
  while (true) {
    const info = await api.json<Inspected>("GET", `/containers/${id}/json`);
    if (!wantRunning || info.State.Status === "running" || Date.now() > deadline) return info;
    await new Promise((r) => setTimeout(r, 50));
  }
}

function checkConfig(c: ContainerFact, info: Inspected, v: string[]): void {
  const policy = info.HostConfig.RestartPolicy?.Name || "no";
  if (policy !== c.restart) {
    v.push(`${c.name}: restart policy ${policy}, created with ${c.restart}`);
  }
  if (c.kind === "counter" && info.Config.Cmd?.join(" ") !== COUNTER.join(" ")) {
    v.push(`${c.name}: Cmd is ${JSON.stringify(info.Config.Cmd)}`);
  }
  if (c.volume && !(info.HostConfig.Binds ?? []).includes(`${c.volume}:/data`)) {
    v.push(`${c.name}: lost its volume ${c.volume} (Binds ${info.HostConfig.Binds})`);
  }
  if (c.network && !(c.network in (info.NetworkSettings.Networks ?? {}))) {
    v.push(`${c.name}: no longer on network ${c.network}`);
  }
}

function checkState(
  c: ContainerFact,
  info: Inspected,
  died: Set<string>,
  v: string[],
  count: (kind: string) => void,
): void {
  const { Status, ExitCode } = info.State;
  const was = `${c.name} (acknowledged ${c.status}, restart ${c.restart})`;
  if (c.status === "running") {
    if (c.restart === "no" && (Status !== "exited" || ExitCode !== 137)) {
      v.push(`${was}: running at the kill, now ${Status} ${ExitCode}, not exited 137`);
    }
    if (c.restart !== "no" && Status !== "running") {
      v.push(`${was}: running at the kill, not started again (now ${Status} ${ExitCode})`);
    }
    if (!died.has(info.Id)) v.push(`${was}: running at the kill, no die event after it`);
    count(c.restart === "no" ? "runningAtKillExited137" : "runningAtKillRestarted");
  } else if (c.status === "exited") {
    if (Status !== "exited") v.push(`${was}: now ${Status}`);
    else if (c.exitCode !== undefined && ExitCode !== c.exitCode) {
      v.push(`${was}: exit code ${ExitCode}, acknowledged ${c.exitCode}`);
    }
  } else if (c.status === "created" && Status !== "created") {
    v.push(`${was}: now ${Status}`);
  }
}

async function checkLogs(api: Api, c: ContainerFact, id: string, v: string[]): Promise<void> {
  const text = await api.logs(id);
  const lines = text.split("\n");
  if (lines.pop() !== "") {
    v.push(`${c.name}: logs end with a partial line ${JSON.stringify(text.slice(-40))}`);
  }
  const first = c.lines.findIndex((line, i) => lines[i] !== line);
  if (first >= 0) {
    v.push(
      `${c.name}: acknowledged log line ${first} (${c.lines[first]}) is ` +
        `${JSON.stringify(lines[first])}; ${c.lines.length} acknowledged, ${lines.length} stored`,
    );
  } else if (c.exactLogs && lines.length !== c.lines.length) {
    v.push(
      `${c.name} (${c.status}, restart ${c.restart}): complete logs had ${c.lines.length} ` +
        `lines, now ${lines.length}, ending ${lines.slice(-4).join(" ")}`,
    );
  }
  if (c.kind === "counter") {
    lines.forEach((line, i) => {
      const n = /^L(\d+)$/.exec(line)?.[1];
      const prev = i > 0 ? /^L(\d+)$/.exec(lines[i - 1])?.[1] : undefined;
      if (n === undefined || (n !== "0" && Number(n) !== Number(prev) + 1)) {
        v.push(`${c.name}: log line ${i} is ${JSON.stringify(line)} after ${lines[i - 1]}`);
      }
    });
  }
  c.lines = lines;
}

async function checkFiles(api: Api, c: ContainerFact, id: string, v: string[]): Promise<void> {
  await Promise.all([...c.files].map(async ([path, file]) => {
    const got = await api.readFile(id, path);
    if (got === undefined && !file.sure) c.files.delete(path);
    else if (got !== file.content) {
      v.push(
        `${c.name}:${path} is ${JSON.stringify(got)}, acknowledged ${JSON.stringify(file.content)}`,
      );
    } else file.sure = true;
  }));
  // Exec writes of a process killed with the daemon may be lost (see LIMITATIONS).
  c.execFiles.clear();
}

/** Checks and adopts one listed container. */
async function checkOne(cc: CheckContext, c: ContainerFact, id: string, died: Set<string>) {
  const v: string[] = [];
  if (c.id && c.id !== id) v.push(`${c.name}: id ${id}, acknowledged ${c.id}`);
  const wantRunning = c.status === "running" && c.restart !== "no";
  const info = await settledState(cc.api, id, wantRunning);
  checkConfig(c, info, v);
  checkState(c, info, died, v, (kind) => cc.model.count(kind));
  cc.model.count("containers");
  cc.model.count("ackedLogLines", c.lines.length);
  cc.model.count("files", c.files.size);
  await Promise.all([checkLogs(cc.api, c, id, v), checkFiles(cc.api, c, id, v)]);
  Object.assign(c, { id, exists: "yes", exitCode: info.State.ExitCode });
  c.status =
    (["running", "exited", "created"].includes(info.State.Status)
      ? info.State.Status
      : "unknown") as ContainerFact["status"];
  return v;
}

/** Checks every container; answers the violations. */
export async function checkContainers(cc: CheckContext): Promise<string[]> {
  const { api, model } = cc;
  const listed = await api.json<{ Id: string; Names: string[] }[]>("GET", "/containers/json?all=1");
  const byName = new Map(listed.map((s) => [s.Names[0].replace(/^\//, ""), s.Id]));
  const v: string[] = [];
  const history = await dieEvents(api);
  const died = new Set(
    history.filter((e) => e.timeNano >= BigInt(cc.killedAt) * 1_000_000n).map((e) => e.id),
  );
  // The events history is state too: an event a client was shown stays in it, unless the
  // history's bound dropped it with everything older (then it is older than all still listed).
  const now = new Set(history.map((e) => `${e.id}@${e.timeNano}`));
  const oldest = history.reduce(
    (min, e) => e.timeNano < min ? e.timeNano : min,
    history[0]?.timeNano ?? -1n,
  );
  for (const seen of model.seenDieEvents) {
    const trimmed = oldest >= 0n && BigInt(seen.split("@")[1]) < oldest;
    if (!now.has(seen) && !trimmed) {
      v.push(`die event ${seen}, listed after an earlier restart, is gone`);
    }
  }
  model.count("dieEventsKept", model.seenDieEvents.size);
  for (const key of now) model.seenDieEvents.add(key);
  const checks: Promise<string[]>[] = [];
  for (const w of model.workers) {
    for (const c of [...w.containers.values()]) {
      const id = byName.get(c.name);
      byName.delete(c.name);
      if (id) checks.push(checkOne(cc, c, id, died));
      else if (c.exists === "yes") v.push(`${c.name}: acknowledged (${c.status}) but not listed`);
      else {
        w.containers.delete(c.name);
        model.gone.containers.add(c.name);
      }
    }
  }
  // Containers are independent: checked side by side, the round trips overlap.
  for (const found of await Promise.all(checks)) v.push(...found);
  for (const [name, id] of byName) {
    if (model.gone.containers.has(name)) v.push(`${name}: removal was acknowledged, listed again`);
    // A container of an interrupted operation, never acknowledged: it must be whole; then gone.
    await api.json("GET", `/containers/${id}/json`);
    await api.send("DELETE", `/containers/${id}?force=1`);
    model.gone.containers.add(name);
  }
  return v;
}
