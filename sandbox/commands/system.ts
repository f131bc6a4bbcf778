/**
 * Identity and process commands that read the container instead of the
 * host: `id`, `whoami`, `hostname`, `uname`, `nproc`, `getent`, `df`, `ps`,
 * `top` and `kill`.
 *
 * @module
 */

import { type Command, type CommandContext, defineCommand } from "just-bash";
import { ROUTING_VAR } from "../shell/rewrite.ts";
import { done, type ProcContext } from "./_context.ts";
import { signalName, signalNames } from "../signals.ts";

function psTable(p: ProcContext, wide: boolean): string {
  const rows = p.host.processes().map((proc) =>
    `${String(proc.pid).padStart(5)} ${proc.user.padEnd(8)} 0:00 ${
      wide ? proc.argv.join(" ") : proc.argv.join(" ").slice(0, 200)
    }`
  );
  return ["PID   USER     TIME  COMMAND", ...rows].join("\n") + "\n";
}

function simple(name: string, run: (args: string[]) => string | [string, number]): Command {
  return defineCommand(name, (args) => {
    const out = run(args);
    return Promise.resolve(typeof out === "string" ? done(out) : done(out[0], out[1]));
  });
}

function idText(p: ProcContext, args: string[]): string {
  const u = p.user;
  // Short flags combine, as in every id: `id -un` is `id -u -n`.
  const flags = new Set(args.filter((a) => /^-[a-zA-Z]+$/.test(a)).flatMap((a) => [...a.slice(1)]));
  if (flags.has("u")) return flags.has("n") ? `${u.name}\n` : `${u.uid}\n`;
  if (flags.has("g")) return flags.has("n") ? `${u.group}\n` : `${u.gid}\n`;
  if (flags.has("G")) return `${u.gid}\n`;
  // Like busybox, ids without a passwd/group entry are printed bare.
  const named = (id: number, name: string) => name === String(id) ? `${id}` : `${id}(${name})`;
  const group = named(u.gid, u.group);
  return `uid=${named(u.uid, u.name)} gid=${group} groups=${group}\n`;
}

function unameText(p: ProcContext, args: string[]): string {
  const all = args.includes("-a");
  const fields: string[] = [];
  const want = (f: string) => all || args.some((a) => a.startsWith("-") && a.includes(f));
  if (want("s") || args.length === 0) fields.push("Linux");
  if (want("n")) fields.push(p.host.hostname);
  if (want("r")) fields.push("6.1.0-sockerless");
  if (want("v")) fields.push("#1 SMP");
  if (want("m")) fields.push("x86_64");
  if (all) fields.push("Linux");
  return fields.join(" ") + "\n";
}

async function getent(p: ProcContext, args: string[]): Promise<[string, number]> {
  const [db, ...keys] = args;
  const files: Record<string, string> = {
    hosts: "/etc/hosts",
    passwd: "/etc/passwd",
    group: "/etc/group",
  };
  if (!files[db]) return [`getent: unknown database: ${db ?? ""}\n`, 1];
  const text = await p.host.fs.readFile(files[db]).catch(() => "");
  const lines = text.split("\n").filter((l) => l.trim() && !l.startsWith("#"));
  if (keys.length === 0) return [lines.map((l) => l + "\n").join(""), 0];
  const out: string[] = [];
  for (const key of keys) {
    const line = db === "hosts"
      ? lines.find((l) => l.split(/\s+/).includes(key))
      : lines.find((l) => l.split(":")[0] === key || l.split(":")[2] === key);
    if (!line) return [out.join(""), 2];
    out.push(
      db === "hosts"
        ? `${line.split(/\s+/)[0].padEnd(15)} ${line.split(/\s+/).slice(1).join(" ")}\n`
        : line + "\n",
    );
  }
  return [out.join(""), 0];
}

function killCommand(p: ProcContext): Command {
  return defineCommand("kill", (args) => {
    let sig = "TERM";
    const pids: string[] = [];
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (a === "-l") return Promise.resolve(done(signalNames().join(" ") + "\n"));
      if (a === "-s" || a === "-n") sig = signalName(args[++i] ?? "") ?? "";
      else if (a.startsWith("-") && pids.length === 0) sig = signalName(a) ?? "";
      else pids.push(a);
    }
    if (!sig) return Promise.resolve(done("", 1, "kill: invalid signal\n"));
    if (pids.length === 0) {
      return Promise.resolve(done("", 2, "kill: usage: kill [-s sigspec] pid\n"));
    }
    let status = 0;
    let err = "";
    for (const pid of pids) {
      if (!p.host.signal(Number(pid), sig)) {
        status = 1;
        err += `kill: (${pid}) - No such process\n`;
      }
    }
    return Promise.resolve(done("", status, err));
  });
}

function exported(ctx: CommandContext): [string, string][] {
  return Object.entries(ctx.exportedEnv ?? {}).filter(([k]) => k !== ROUTING_VAR);
}

/** `env` without a command, and `printenv`, hiding the sandbox's routing variable. */
function envCommands(): Command[] {
  const env = defineCommand("env", async (args, ctx) => {
    if (args.length > 0) return await ctx.origCommand!(args);
    return done(exported(ctx).map(([k, v]) => `${k}=${v}\n`).join(""));
  });
  const printenv = defineCommand("printenv", (args, ctx) => {
    const vars = new Map(exported(ctx));
    if (args.length === 0) {
      return Promise.resolve(done([...vars].map(([k, v]) => `${k}=${v}\n`).join("")));
    }
    const found = args.filter((a) => vars.has(a));
    return Promise.resolve(
      done(found.map((a) => vars.get(a) + "\n").join(""), found.length === args.length ? 0 : 1),
    );
  });
  return [env, printenv];
}

/**
 * `tty`: the terminal on stdin, as coreutils and busybox print it. A process started with a TTY
 * (`docker run -t`, `docker exec -t`) has one pseudo-terminal, shown as `/dev/pts/0`, unless
 * its stdin is redirected (`tty </dev/null`, `echo | tty`); otherwise "not a tty", status 1.
 */
function ttyCommand(p: ProcContext): Command {
  return defineCommand("tty", (args) => {
    const silent = args.some((a) => a === "-s" || a === "--silent" || a === "--quiet");
    const terminal = p.stdout.tty && p.routing.current.in === "live";
    const text = silent ? "" : terminal ? "/dev/pts/0\n" : "not a tty\n";
    return Promise.resolve(done(text, terminal ? 0 : 1));
  });
}

/** The container-aware system commands bound to one process. */
export function systemCommands(p: ProcContext): Command[] {
  return [
    simple("id", (a) => idText(p, a)),
    simple("whoami", () => `${p.user.name}\n`),
    ttyCommand(p),
    simple("hostname", () => `${p.host.hostname}\n`),
    simple("uname", (a) => unameText(p, a)),
    simple("nproc", () => `${navigator.hardwareConcurrency ?? 1}\n`),
    simple("ps", (a) => psTable(p, a.some((x) => x.includes("w")))),
    simple("top", () => `Mem: 0K used\nCPU:   0% usr   0% sys\n${psTable(p, false)}`),
    simple(
      "df",
      () =>
        "Filesystem           1K-blocks      Used Available Use% Mounted on\noverlay               10485760         0  10485760   0% /\n",
    ),
    defineCommand("getent", async (args) => {
      const [out, code] = await getent(p, args);
      return done(out, code);
    }),
    killCommand(p),
    ...envCommands(),
  ];
}
