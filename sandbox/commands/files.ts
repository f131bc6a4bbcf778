/**
 * File commands just-bash lacks: `chown`, `mktemp`, `realpath` and `rsync` (rsync.ts).
 *
 * @module
 */

import { type Command, defineCommand } from "just-bash";
import { done, type ProcContext } from "./_context.ts";
import { rsyncCommand } from "./rsync.ts";

async function lookupId(p: ProcContext, file: string, name: string): Promise<number | undefined> {
  if (/^\d+$/.test(name)) return Number(name);
  const text = await p.host.fs.readFile(file).catch(() => "");
  const line = text.split("\n").find((l) => l.split(":")[0] === name);
  return line ? Number(line.split(":")[2]) : undefined;
}

function chownCommand(p: ProcContext): Command {
  return defineCommand("chown", async (args, ctx) => {
    const recursive = args.includes("-R");
    const [spec, ...paths] = args.filter((a) => !a.startsWith("-"));
    if (!spec || paths.length === 0) return done("", 1, "chown: missing operand\n");
    const [owner, group] = spec.split(/[:.]/);
    const uid = owner ? await lookupId(p, "/etc/passwd", owner) : -1;
    const gid = group ? await lookupId(p, "/etc/group", group) : -1;
    if (uid === undefined || gid === undefined) {
      return done("", 1, `chown: invalid user: '${spec}'\n`);
    }
    let err = "";
    const visit = async (path: string): Promise<void> => {
      const node = (p.host.fs as { node?: (p: string) => { uid: number; gid: number } | undefined })
        .node?.(path);
      await p.host.chown(path, uid < 0 ? node?.uid ?? 0 : uid, gid < 0 ? node?.gid ?? 0 : gid);
      if (recursive && (await ctx.fs.lstat(path)).isDirectory) {
        for (const name of await ctx.fs.readdir(path)) await visit(`${path}/${name}`);
      }
    };
    for (const path of paths) {
      try {
        await visit(ctx.fs.resolvePath(ctx.cwd, path));
      } catch {
        err += `chown: ${path}: No such file or directory\n`;
      }
    }
    return done("", err ? 1 : 0, err);
  });
}

function mktempCommand(): Command {
  return defineCommand("mktemp", async (args, ctx) => {
    const dir = args.includes("-d");
    let base = "/tmp";
    const pIdx = args.indexOf("-p");
    if (pIdx >= 0 && args[pIdx + 1]) base = args[pIdx + 1];
    const template = args.filter((a, i) => !a.startsWith("-") && args[i - 1] !== "-p").at(0) ??
      "tmp.XXXXXXXXXX";
    const random = () => Math.random().toString(36).slice(2, 12).padEnd(10, "0");
    const name = template.replace(/X+$/, (xs) => random().repeat(2).slice(0, xs.length));
    const path = ctx.fs.resolvePath(template.includes("/") ? ctx.cwd : base, name);
    try {
      if (dir) await ctx.fs.mkdir(path);
      else await ctx.fs.writeFile(path, "");
    } catch {
      return done(
        "",
        1,
        `mktemp: failed to create ${dir ? "directory" : "file"} via template '${template}'\n`,
      );
    }
    return done(path + "\n");
  });
}

function realpathCommand(): Command {
  return defineCommand("realpath", async (args, ctx) => {
    const missingOk = args.includes("-m");
    let out = "";
    let err = "";
    for (const path of args.filter((a) => !a.startsWith("-"))) {
      const abs = ctx.fs.resolvePath(ctx.cwd, path);
      try {
        out += (await ctx.fs.realpath(abs)) + "\n";
      } catch {
        if (missingOk) out += abs + "\n";
        else err += `realpath: ${path}: No such file or directory\n`;
      }
    }
    return done(out, err ? 1 : 0, err);
  });
}

/** File commands bound to one process. */
export function fileCommands(p: ProcContext): Command[] {
  return [chownCommand(p), mktempCommand(), realpathCommand(), rsyncCommand()];
}
