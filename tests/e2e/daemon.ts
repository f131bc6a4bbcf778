/**
 * @module
 * Starts a real `deno task serve` process for end-to-end tests, on a private unix socket and a
 * free loopback TCP port, and runs client commands against it.
 */

import { assertNoMismatches, recordFileFor } from "../conformance/record.ts";

const ROOT = new URL("../..", import.meta.url).pathname;

/** A running daemon. */
export interface Daemon {
  socket: string;
  tcp: string;
  /** Environment for the docker CLI: DOCKER_HOST on our socket, a private config dir. */
  env: Record<string, string>;
  /** The daemon's conformance records (tests/conformance/record.ts). */
  records: string;
  /** Everything the daemon printed so far. */
  log(): string;
  stop(): Promise<void>;
}

/** Options for a daemon. */
export interface DaemonOptions {
  /** Extra flags after `deno task serve`. Defaults to the private socket + free TCP port. */
  args?: string[];
  /**
   * The client suite this daemon serves (`docker-cli`, `docker-py`, `compose`, ...): recorded
   * with every request/response pair for the conformance report.
   */
  client?: string;
}

async function readUntilListening(
  stream: ReadableStream<string>,
  wanted: number,
  sink: string[],
): Promise<string[]> {
  const addresses: string[] = [];
  const reader = stream.getReader();
  let buffer = "";
  while (addresses.length < wanted) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`daemon exited before listening:\n${sink.join("")}`);
    sink.push(value);
    buffer += value;
    for (const m of buffer.matchAll(/API listening on (\S+)/g)) {
      if (!addresses.includes(m[1])) addresses.push(m[1]);
    }
  }
  // Keep draining so the daemon never blocks on a full pipe.
  (async () => {
    while (true) {
      const { value, done } = await reader.read().catch(() => ({ value: "", done: true }));
      if (done) break;
      sink.push(value);
    }
  })();
  return addresses;
}

/** Starts `deno task serve` and waits until it listens. */
export async function startDaemon(options: DaemonOptions = {}): Promise<Daemon> {
  const dir = await Deno.makeTempDir({ prefix: "sockerless-e2e-" });
  const socket = `${dir}/docker.sock`;
  const args = options.args ?? ["-H", `unix://${socket}`, "-H", "tcp://127.0.0.1:0"];
  const records = await recordFileFor(options.client ?? "");
  const child = new Deno.Command(Deno.execPath(), {
    args: ["task", "--quiet", "serve", ...args],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
    env: {
      DENO_NO_UPDATE_CHECK: "1",
      SOCKERLESS_CONFORMANCE_CLIENT: options.client ?? "",
      SOCKERLESS_CONFORMANCE_LOG: records,
    },
  }).spawn();
  const sink: string[] = [];
  child.stdout.pipeTo(
    new WritableStream({ write: (c) => void sink.push(new TextDecoder().decode(c)) }),
  );
  const wanted = args.filter((a) => a === "-H" || a === "--host").length || 2;
  const addresses = await readUntilListening(
    child.stderr.pipeThrough(new TextDecoderStream()),
    wanted,
    sink,
  );
  await Deno.mkdir(`${dir}/docker-config`);
  return {
    socket,
    tcp: addresses.find((a) => a.startsWith("tcp://")) ?? "",
    env: { DOCKER_HOST: `unix://${socket}`, DOCKER_CONFIG: `${dir}/docker-config` },
    records,
    log: () => sink.join(""),
    async stop() {
      // `deno task` forwards SIGTERM to the daemon; SIGKILL would orphan it.
      try {
        child.kill("SIGTERM");
      } catch { /* already gone */ }
      await child.status;
      await Deno.remove(dir, { recursive: true }).catch(() => {});
      await assertNoMismatches(records);
    },
  };
}

/** The result of a client command. */
export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command (the docker CLI, curl, python) with extra environment and optional stdin. */
export async function runCommand(
  cmd: string,
  args: string[],
  env: Record<string, string> = {},
  stdin?: string,
): Promise<RunResult> {
  const child = new Deno.Command(cmd, {
    args,
    env,
    stdin: stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  if (stdin !== undefined) {
    const writer = child.stdin.getWriter();
    await writer.write(new TextEncoder().encode(stdin));
    await writer.close();
  }
  const { code, stdout, stderr } = await child.output();
  const dec = new TextDecoder();
  return { code, stdout: dec.decode(stdout), stderr: dec.decode(stderr) };
}

/** Runs the docker CLI against the daemon. */
export function docker(daemon: Daemon, ...args: string[]): Promise<RunResult> {
  return runCommand("docker", args, daemon.env);
}

/** Runs the docker CLI and fails the test unless it exits 0; answers its stdout. */
export async function dockerOk(daemon: Daemon, ...args: string[]): Promise<string> {
  const r = await docker(daemon, ...args);
  if (r.code !== 0) throw new Error(`docker ${args.join(" ")} exited ${r.code}: ${r.stderr}`);
  return r.stdout;
}

/**
 * `docker events` from `since` (seconds) until one second from now, with `--filter` values,
 * printed with `format`: the replay ends by itself.
 */
export function dockerEvents(
  daemon: Daemon,
  since: string,
  filters: string[],
  format: string,
): Promise<string> {
  const until = String(Math.floor(Date.now() / 1000) + 1);
  const filterArgs = filters.flatMap((f) => ["--filter", f]);
  return dockerOk(
    daemon,
    "events",
    "--since",
    since,
    "--until",
    until,
    ...filterArgs,
    "--format",
    format,
  );
}
