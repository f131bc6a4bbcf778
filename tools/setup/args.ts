/**
 * @module
 * The arguments of `deno task test`: paths select test files, a bare word that is no path is a
 * test-name filter, flags go to `deno test`. `deno task` passes a `--` through; it is dropped.
 */

/** What `deno task test` was asked for. */
export interface TestArgs {
  /** Repo-relative files and folders; none means the whole repository. */
  paths: string[];
  /** `deno test --filter`: narrows the tests, not the set-up (the files stay those of `paths`). */
  filter?: string;
  /** Other flags for `deno test`. */
  flags: string[];
  /** Set up what the selection needs and run nothing. */
  setupOnly: boolean;
}

/** `deno test` flags whose value is the next argument. */
const VALUED = new Set(["--filter", "--reporter", "--seed", "--junit-path"]);

/** Parses `args`; `isPath` tells an existing file or folder from a filter. */
export function parseTestArgs(args: string[], isPath: (arg: string) => boolean): TestArgs {
  const out: TestArgs = { paths: [], flags: [], setupOnly: false };
  const setFilter = (value: string) => {
    if (out.filter !== undefined) {
      throw new Error(`one filter at a time: ${JSON.stringify(out.filter)} and ${value}`);
    }
    out.filter = value;
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--") continue;
    if (arg === "--setup-only") out.setupOnly = true;
    else if (arg.startsWith("--filter=")) setFilter(arg.slice("--filter=".length));
    else if (arg.startsWith("-")) {
      if (!VALUED.has(arg)) out.flags.push(arg);
      else if (i + 1 >= args.length) throw new Error(`${arg} needs a value`);
      else if (arg === "--filter") setFilter(args[++i]);
      else out.flags.push(arg, args[++i]);
    } else if (isPath(arg)) out.paths.push(arg);
    else if (/\.[cm]?[jt]sx?$|\//.test(arg)) throw new Error(`no such file or folder: ${arg}`);
    else setFilter(arg);
  }
  return out;
}
