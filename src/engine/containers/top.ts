/**
 * @module
 * `docker top`: the runtime's process table shaped as `ps` prints it.
 * dockerd runs the host's `ps` with the client's `ps_args`; here the default (`-ef`), BSD `aux`
 * and `-o`/`-eo` field lists of the common fields are rendered, and other arguments are refused
 * with a 501 naming them rather than answered with the default columns.
 */

import { DockerError } from "../errors.ts";

/** One process as the runtime lists it, with the pids the API shows. */
export interface TopProcess {
  pid: number;
  ppid: number;
  user: string;
  started: Date;
  tty: string;
  command: string;
}

type Field = [title: string, value: (p: TopProcess) => string];

const stime = (p: TopProcess) => p.started.toTimeString().slice(0, 5);
const FIELDS: Record<string, Field> = {
  pid: ["PID", (p) => String(p.pid)],
  ppid: ["PPID", (p) => String(p.ppid)],
  user: ["USER", (p) => p.user],
  uid: ["UID", (p) => p.user],
  comm: ["COMMAND", (p) => p.command.split(" ")[0].split("/").at(-1) ?? ""],
  args: ["COMMAND", (p) => p.command],
  command: ["COMMAND", (p) => p.command],
  cmd: ["CMD", (p) => p.command],
  tty: ["TT", (p) => p.tty],
  time: ["TIME", () => "00:00:00"],
  stime: ["STIME", stime],
  c: ["C", () => "0"],
};

const DEFAULT = ["uid", "pid", "ppid", "c", "stime", "tty", "time", "cmd"];
const DEFAULT_TITLES = ["UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"];
const AUX_TITLES = ["USER", "PID", "%CPU", "%MEM", "VSZ", "RSS", "TTY", "STAT", "START", "TIME"];

/** The field names a `ps_args` value asks for, or undefined for the default listing. */
function fieldsOf(psArgs: string): string[] | undefined {
  const words = psArgs.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0 || (words.length === 1 && /^-[ef]+$/.test(words[0]))) return undefined;
  const [flag, list, ...rest] = words;
  if (/^-e?o$/.test(flag) && list && rest.length === 0) {
    const names = list.split(",").map((f) => f.split("=")[0].toLowerCase());
    if (names.every((n) => n in FIELDS)) return names;
  }
  throw new DockerError(
    "NotImplemented",
    `ps arguments "${psArgs}" are not supported by the memory backend: use -ef, aux or ` +
      `-o with ${Object.keys(FIELDS).join(",")}`,
  );
}

/** `docker top`'s Titles and Processes for `ps_args`. */
export function topTable(
  processes: TopProcess[],
  psArgs: string,
): { Titles: string[]; Processes: string[][] } {
  if (psArgs.trim() === "aux") {
    return {
      Titles: [...AUX_TITLES, "COMMAND"],
      Processes: processes.map((p) => [
        p.user,
        String(p.pid),
        "0.0",
        "0.0",
        "0",
        "0",
        p.tty,
        "S",
        stime(p),
        "0:00",
        p.command,
      ]),
    };
  }
  const names = fieldsOf(psArgs);
  const fields = (names ?? DEFAULT).map((n) => FIELDS[n]);
  return {
    Titles: names ? fields.map(([title]) => title) : DEFAULT_TITLES,
    Processes: processes.map((p) => fields.map(([, value]) => value(p))),
  };
}
