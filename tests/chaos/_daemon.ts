/**
 * @module
 * The daemon process of the chaos harness. It is spawned as `deno run <flags> src/main.ts`, the
 * flags read from deno.json's `serve` task, not through `deno task`: a SIGKILL of the task
 * runner would orphan the daemon. Its stderr is appended to a log file that survives kills.
 */

import { pingOnce } from "../_helpers/ping.ts";

const ROOT = new URL("../..", import.meta.url).pathname;

/** `deno run` and its flags, exactly as deno.json's `serve` task has them. */
export async function serveArgs(): Promise<string[]> {
  const config = JSON.parse(await Deno.readTextFile(`${ROOT}deno.json`));
  const words = String(config.tasks.serve).trim().split(/\s+/);
  if (words[0] !== "deno" || words[1] !== "run") {
    throw new Error(`deno.json's serve task is not a plain "deno run": ${config.tasks.serve}`);
  }
  return words.slice(1);
}

/** Where a daemon keeps its state and listens. */
export interface DaemonPlace {
  dataRoot: string;
  socket: string;
  /** File the daemon's stderr is appended to. */
  logFile: string;
}

/** One daemon process, from spawn to its death. */
export class DaemonProcess {
  #child: Deno.ChildProcess;
  #drained: Promise<void>;
  #exited = false;
  readonly status: Promise<Deno.CommandStatus>;

  private constructor(child: Deno.ChildProcess, log: Deno.FsFile) {
    this.#child = child;
    this.#drained = child.stderr.pipeTo(log.writable).catch(() => {});
    this.status = child.status.then((s) => {
      this.#exited = true;
      return s;
    });
  }

  get pid(): number {
    return this.#child.pid;
  }

  get exited(): boolean {
    return this.#exited;
  }

  /** Spawns the daemon; it is not necessarily listening yet. */
  static async spawn(place: DaemonPlace): Promise<DaemonProcess> {
    const log = await Deno.open(place.logFile, { append: true, create: true });
    await log.write(new TextEncoder().encode(`--- spawn at ${new Date().toISOString()}\n`));
    const child = new Deno.Command(Deno.execPath(), {
      args: [
        ...(await serveArgs()),
        "-H",
        `unix://${place.socket}`,
        "--data-root",
        place.dataRoot,
      ],
      cwd: ROOT,
      stdin: "null",
      stdout: "null",
      stderr: "piped",
      // No conformance record: a SIGKILL mid-write would leave torn records for its report.
      env: {
        DENO_NO_UPDATE_CHECK: "1",
        SOCKERLESS_CONFORMANCE_LOG: "",
        SOCKERLESS_CONFORMANCE_CLIENT: "",
      },
    }).spawn();
    return new DaemonProcess(child, log);
  }

  /** Polls `_ping` until it answers; the milliseconds from `since`. Throws when the daemon dies. */
  async ready(socket: string, since: number, timeoutMs: number): Promise<number> {
    const deadline = since + timeoutMs;
    while (!(await pingOnce(socket))) {
      if (this.#exited) {
        throw new Error(
          `daemon exited before answering _ping: ${JSON.stringify(await this.status)}`,
        );
      }
      if (performance.now() > deadline) throw new Error(`no _ping answer within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 3));
    }
    return performance.now() - since;
  }

  /** SIGKILL, then waits until the process is gone and its stderr is saved. */
  async kill(): Promise<void> {
    if (!this.#exited) {
      try {
        this.#child.kill("SIGKILL");
      } catch { /* already gone */ }
    }
    await this.status;
    await this.#drained;
  }
}

/** The last `bytes` of a file (the daemon log), for failure messages. */
export async function tail(file: string, bytes = 4000): Promise<string> {
  const text = await Deno.readTextFile(file).catch(() => "");
  return text.slice(-bytes);
}
