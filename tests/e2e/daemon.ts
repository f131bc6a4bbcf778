/**
 * @module
 * Starts a real `deno task serve` process for end-to-end tests, on a private unix socket and a
 * free loopback TCP port, and runs client commands against it.
 */

import { assertNoMismatches, recordFileFor } from "../conformance/record.ts";
import { type AgentProcess, spawnAgent } from "../../src/agent/_spawn_agent.ts";

const ROOT = new URL("../..", import.meta.url).pathname;

/** A running daemon. */
export interface Daemon {
  socket: string;
  tcp: string;
  /** Environment for the docker CLI: DOCKER_HOST on our socket, a private config dir. */
  env: Record<string, string>;
  /** The daemon's data root (`--data-root`). */
  dataRoot: string;
  /** The daemon's process id (the `deno task` runner's child is the daemon). */
  pid: number;
  /** The daemon's conformance records (tests/conformance/record.ts). */
  records: string;
  /** Everything the daemon printed so far. */
  log(): string;
  /** Stops the daemon and removes its folder (and its data root unless it was given). */
  stop(): Promise<void>;
  /** Kills the daemon with SIGKILL (a crash); its data root is kept for a restart. */
  crash(): Promise<void>;
}

/** Options for a daemon. */
export interface DaemonOptions {
  /** Extra flags after `deno task serve`. Defaults to the private socket + free TCP port. */
  args?: string[];
  /** Flags added to `args` (or to the defaults): `--runtime-agent URL`, say. */
  extraArgs?: string[];
  /**
   * The client suite this daemon serves (`docker-cli`, `docker-py`, `compose`, ...): recorded
   * with every request/response pair for the conformance report.
   */
  client?: string;
  /**
   * A data root to reuse (a daemon restarted on the state of one that stopped or crashed);
   * default: a private one inside the daemon's temporary folder.
   */
  dataRoot?: string;
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

/**
 * With `SOCKERLESS_TEST_RUNTIME=agent` each daemon runs its containers through its own runtime
 * agent process (serving the sandbox), so every e2e suite can run through the agent protocol.
 */
function agentUnderTest(extraArgs: string[]): Promise<AgentProcess | undefined> {
  const wanted = Deno.env.get("SOCKERLESS_TEST_RUNTIME") === "agent" &&
    !extraArgs.includes("--runtime-agent");
  return wanted ? spawnAgent("sandbox") : Promise.resolve(undefined);
}

/** Starts `deno task serve` and waits until it listens. */
export async function startDaemon(options: DaemonOptions = {}): Promise<Daemon> {
  const dir = await Deno.makeTempDir({ prefix: "sockerless-e2e-" });
  const socket = `${dir}/docker.sock`;
  const dataRoot = options.dataRoot ?? `${dir}/data`;
  const agent = await agentUnderTest(options.extraArgs ?? []);
  const args = [
    ...options.args ?? ["-H", `unix://${socket}`, "-H", "tcp://127.0.0.1:0"],
    ...options.extraArgs ?? [],
    ...agent ? ["--runtime-agent", agent.url] : [],
  ];
  // Every daemon gets its own data root: they must never share one (the second would refuse).
  const rootArgs = args.includes("--data-root") ? [] : ["--data-root", dataRoot];
  const records = await recordFileFor(options.client ?? "");
  const child = new Deno.Command(Deno.execPath(), {
    args: ["task", "--quiet", "serve", ...args, ...rootArgs],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
    env: {
      DENO_NO_UPDATE_CHECK: "1",
      SOCKERLESS_CONFORMANCE_CLIENT: options.client ?? "",
      SOCKERLESS_CONFORMANCE_LOG: records,
      ...agent ? { SOCKERLESS_AGENT_TOKEN: agent.token } : {},
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
  ).catch(async (err) => {
    // A daemon that never listened leaves no agent behind it.
    await agent?.stop();
    throw err;
  });
  await Deno.mkdir(`${dir}/docker-config`);
  return {
    socket,
    tcp: addresses.find((a) => a.startsWith("tcp://")) ?? "",
    env: { DOCKER_HOST: `unix://${socket}`, DOCKER_CONFIG: `${dir}/docker-config` },
    dataRoot,
    pid: daemonPid(child.pid),
    records,
    log: () => sink.join(""),
    async crash() {
      // The daemon itself (not the task runner, which would leave it orphaned): kill -9.
      Deno.kill(daemonPid(child.pid), "SIGKILL");
      await child.status;
      await agent?.stop();
    },
    async stop() {
      // `deno task` forwards SIGTERM to the daemon; SIGKILL would orphan it.
      try {
        child.kill("SIGTERM");
      } catch { /* already gone */ }
      await child.status;
      await agent?.stop();
      await Deno.remove(dir, { recursive: true }).catch(() => {});
      await assertNoMismatches(records);
    },
  };
}

/** The daemon under a `deno task` runner: its only child (or the runner itself). */
function daemonPid(runner: number): number {
  try {
    const children = Deno.readTextFileSync(`/proc/${runner}/task/${runner}/children`).trim();
    return children ? Number(children.split(/\s+/)[0]) : runner;
  } catch {
    return runner;
  }
}

/** The result of a client command. */
export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** How long one client command may run (compose and docker-py suites run whole scripts). */
const COMMAND_DEADLINE_MS = 300_000;

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
  // A client that never returns is a failure naming it, not a suite that hangs CI.
  let timedOut = false;
  const deadline = setTimeout(() => {
    timedOut = true;
    child.kill("SIGKILL");
  }, COMMAND_DEADLINE_MS);
  const { code, stdout, stderr } = await child.output().finally(() => clearTimeout(deadline));
  const dec = new TextDecoder();
  if (timedOut) {
    throw new Error(
      `${cmd} ${args.join(" ")} did not finish within ${COMMAND_DEADLINE_MS / 1000} s; ` +
        `its stderr: ${dec.decode(stderr)}`,
    );
  }
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
