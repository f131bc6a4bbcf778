/**
 * `rsync` for local copies inside a container, the subset CI helpers use (gitlab-ci-local's
 * cache and artifact steps: `rsync -Ra ./a ./b dest/.`, `rsync -rRa --exclude P
 * --files-from=F . dest/.`): `-a` (`-rlpt`; owners stay as the copying user's), `-r`, `-l`, `-p`,
 * `-t`, `-R`/`--relative`, `--exclude`, `--files-from`. A source ending in `/` or `/.` copies its
 * contents. Remote transfers and every other option are refused with exit 1 (rsync's syntax
 * error status), never ignored.
 *
 * @module
 */

import { type CommandContext, defineCommand } from "just-bash";
import { parentPath } from "../fs/_path.ts";
import { done } from "./_context.ts";

interface Options {
  recursive: boolean;
  /** `-r` itself, not through `-a`: what `--files-from` recurses with. */
  explicitRecursive: boolean;
  relative: boolean;
  links: boolean;
  perms: boolean;
  times: boolean;
  excludes: RegExp[];
  filesFrom?: string;
  operands: string[];
  /** What rsync reports on stdout as it goes. */
  notes: string[];
}

const SHORT: Record<string, (o: Options) => void> = {
  a: (o) => Object.assign(o, { recursive: true, links: true, perms: true, times: true }),
  r: (o) => void Object.assign(o, { recursive: true, explicitRecursive: true }),
  R: (o) => void (o.relative = true),
  l: (o) => void (o.links = true),
  p: (o) => void (o.perms = true),
  t: (o) => void (o.times = true),
};

/** An rsync exclude pattern: `*` and `?` stay in one path part, `**` crosses them. */
export function excludePattern(pattern: string): RegExp {
  const anchored = pattern.startsWith("/");
  const body = pattern.replace(/^\//, "").replace(/\/$/, "");
  const glob = body.replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*\*/g, "\0").replace(/\*/g, "[^/]*").replace(/\?/g, "[^/]").replace(/\0/g, ".*");
  // Without a slash a pattern names a last path part; with one it matches whole trailing parts.
  return new RegExp(anchored ? `^${glob}$` : `(^|/)${glob}$`);
}

function parse(args: string[]): Options | string {
  const o: Options = {
    recursive: false,
    explicitRecursive: false,
    relative: false,
    links: false,
    perms: false,
    times: false,
    excludes: [],
    operands: [],
    notes: [],
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const long = /^--(exclude|files-from)(?:=(.*))?$/.exec(a);
    if (long) {
      const value = long[2] ?? args[++i];
      if (value === undefined) return `option --${long[1]} needs a value`;
      if (long[1] === "exclude") o.excludes.push(excludePattern(value));
      else o.filesFrom = value;
    } else if (a === "--relative") o.relative = true;
    else if (a === "--recursive") SHORT.r(o);
    else if (/^-[^-]/.test(a)) {
      for (const flag of a.slice(1)) {
        if (!SHORT[flag]) return `-${flag}: option not supported by the sandbox's rsync`;
        SHORT[flag](o);
      }
    } else if (a.startsWith("--")) return `${a}: option not supported by the sandbox's rsync`;
    else o.operands.push(a);
  }
  if (o.operands.length < 2) return "missing source or destination";
  if (o.operands.some((p) => /^[^/]*:/.test(p))) return "remote transfers are not supported";
  return o;
}

/** Copies one tree (or file) from `src` to `dest`; `rel` is its name in the transfer. */
async function copy(
  ctx: CommandContext,
  o: Options,
  src: string,
  dest: string,
  rel: string,
  recurse: boolean,
): Promise<void> {
  if (rel && o.excludes.some((re) => re.test(rel))) return;
  const st = await ctx.fs.lstat(src);
  if (st.isSymbolicLink && !o.links) {
    // Without -l rsync leaves links alone, and says so.
    o.notes.push(`skipping non-regular file "${rel}"\n`);
    return;
  }
  if (st.isSymbolicLink) {
    await ctx.fs.rm(dest, { force: true });
    await ctx.fs.symlink(await ctx.fs.readlink(src), dest);
    return;
  }
  if (st.isDirectory) {
    await ctx.fs.mkdir(dest, { recursive: true });
    if (recurse) {
      for (const name of await ctx.fs.readdir(src)) {
        const child = rel ? `${rel}/${name}` : name;
        await copy(ctx, o, `${src}/${name}`, `${dest}/${name}`, child, o.recursive);
      }
    }
  } else {
    await ctx.fs.writeFile(dest, await ctx.fs.readFileBuffer(src));
  }
  if (o.perms) await ctx.fs.chmod(dest, st.mode & 0o7777);
  // A fresh Date: the context's one is a proxy that dies with this command.
  const mtime = new Date(st.mtime.getTime());
  if (o.times) await ctx.fs.utimes(dest, mtime, mtime);
}

/** The part of a source path kept under the destination with `-R`. */
function relativePart(path: string): string {
  const marker = path.lastIndexOf("/./");
  const kept = marker >= 0 ? path.slice(marker + 3) : path;
  return kept.split("/").filter((p) => p !== "" && p !== ".").join("/");
}

/** Where a source lands under `dest`, and its name in the transfer (for excludes). */
async function placement(
  ctx: CommandContext,
  o: Options,
  source: string,
  isDir: boolean,
  dest: string,
  destIsDir: boolean,
): Promise<{ target: string; rel: string }> {
  let rel: string;
  if (o.relative) rel = relativePart(source);
  else if (isDir) rel = /\/\.?$/.test(source) || source === "." ? "" : basename(source);
  else if (destIsDir) rel = basename(source);
  else return { target: dest, rel: basename(source) };
  const target = rel ? `${dest}/${rel}` : dest;
  await ctx.fs.mkdir(parentPath(target), { recursive: true });
  return { target, rel };
}

function basename(path: string): string {
  return path.split("/").filter((p) => p !== "" && p !== ".").pop() ?? "";
}

async function transfer(
  ctx: CommandContext,
  o: Options,
): Promise<{ code: number; errors: string }> {
  const destArg = o.operands.at(-1)!;
  const dest = ctx.fs.resolvePath(ctx.cwd, destArg);
  let sources = o.operands.slice(0, -1);
  let base = ctx.cwd;
  if (o.filesFrom !== undefined) {
    // --files-from names paths under the one source directory, implies -R and --dirs, and
    // recurses only with an explicit -r.
    base = ctx.fs.resolvePath(ctx.cwd, sources[0]);
    const list = await ctx.fs.readFile(ctx.fs.resolvePath(ctx.cwd, o.filesFrom));
    sources = list.split("\n").filter((l) => l.trim() !== "");
    Object.assign(o, { relative: true, recursive: o.explicitRecursive });
  }
  const destIsDir = sources.length > 1 || o.relative || /\/\.?$/.test(destArg) ||
    (await ctx.fs.exists(dest) && (await ctx.fs.stat(dest)).isDirectory);
  // rsync makes the destination's last part only (`d/.` names d itself, which it cannot make).
  if (destIsDir && !(await ctx.fs.exists(dest))) {
    try {
      if (/\/\.$/.test(destArg)) throw new Error("no such directory");
      await ctx.fs.mkdir(dest);
    } catch {
      return {
        code: 11,
        errors: `rsync: [Receiver] mkdir "${dest}" failed: No such file or directory (2)\n`,
      };
    }
  }
  let errors = "";
  for (const source of sources) {
    const src = ctx.fs.resolvePath(base, source);
    if (!(await ctx.fs.exists(src))) {
      errors += `rsync: [sender] link_stat "${src}" failed: No such file or directory (2)\n`;
      continue;
    }
    const isDir = (await ctx.fs.stat(src)).isDirectory;
    if (isDir && !o.recursive && o.filesFrom === undefined) {
      o.notes.push(`skipping directory ${source}\n`);
      continue;
    }
    const { target, rel } = await placement(ctx, o, source, isDir, dest, destIsDir);
    await copy(ctx, o, src, target, rel, o.recursive);
  }
  return { code: errors ? 23 : 0, errors };
}

/** The `rsync` command. */
export function rsyncCommand() {
  return defineCommand("rsync", async (args, ctx) => {
    const o = parse(args);
    if (typeof o === "string") {
      return done("", 1, `rsync: ${o}\nrsync error: syntax or usage error (code 1)\n`);
    }
    const { code, errors } = await transfer(ctx, o);
    const summary = code === 0
      ? ""
      : code === 11
      ? "rsync error: error in file IO (code 11)\n"
      : "rsync error: some files/attrs were not transferred (see previous errors) (code 23)\n";
    return done(o.notes.join(""), code, errors + summary);
  });
}
