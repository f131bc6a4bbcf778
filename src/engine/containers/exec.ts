/**
 * @module
 * The Exec capability of the engine: further processes in a running container's runtime
 * container, streamed like attach, with their exit codes kept for `exec inspect`.
 */

import type { RuntimeProcess } from "../../../sandbox/runtime.ts";
import { ChunkQueue } from "../chunk_queue.ts";
import type { Types } from "../../../generated/docker/mod.ts";
import type { ExecBackend, ExecConfig, StreamSession } from "./backend.ts";
import { closedOnAbort } from "./session.ts";
import { conflict, invalidParameter } from "../errors.ts";
import { newId } from "../ids.ts";
import { ObjectIndex } from "../object_index.ts";
import { STDERR, STDOUT } from "../stdcopy.ts";
import type { EngineContainer } from "./container.ts";
import { eventAttributes } from "./container_events.ts";
import { DEFAULT_PATH, findExecutable } from "./lifecycle.ts";
import { envRecord } from "./resolve.ts";
import type { EngineContainers } from "./engine_containers.ts";

interface ExecRecord {
  id: string;
  container: EngineContainer;
  config: ExecConfig;
  process: RuntimeProcess | null;
  exitCode: number | null;
  pid: number;
  started: boolean;
}

/** Execs of the engine. */
export class EngineExecs implements ExecBackend {
  readonly #index = new ObjectIndex<ExecRecord>("exec instance");

  constructor(readonly containers: EngineContainers) {}

  create(ref: string, config: ExecConfig): Promise<{ Id: string }> {
    const c = this.containers.get(ref);
    if (!config?.Cmd?.length) throw invalidParameter("No exec command specified");
    if (!c.running) throw conflict(`container ${c.id} is not running`);
    if (c.state.Paused) {
      throw conflict(`container ${c.id} is paused, unpause the container before exec`);
    }
    const exec: ExecRecord = {
      id: newId(),
      container: c,
      config,
      process: null,
      exitCode: null,
      pid: 0,
      started: false,
    };
    this.#index.add(exec);
    c.execIds.add(exec.id);
    this.#publish(exec, `exec_create: ${config.Cmd.join(" ")}`);
    return Promise.resolve({ Id: exec.id });
  }

  #publish(exec: ExecRecord, action: string, extra: Record<string, string> = {}): void {
    this.containers.events.publish({
      Type: "container",
      Action: action,
      id: exec.container.id,
      attributes: eventAttributes(exec.container, { execID: exec.id, ...extra }),
    });
  }

  async start(
    id: string,
    options: { detach: boolean; tty: boolean },
    signal: AbortSignal,
  ): Promise<StreamSession | null> {
    const session = await this.#start(id, options);
    return session && closedOnAbort(session, signal);
  }

  async #start(
    id: string,
    options: { detach: boolean; tty: boolean },
  ): Promise<StreamSession | null> {
    const exec = this.#index.get(id);
    const c = exec.container;
    if (exec.started) throw conflict(`Error: Exec command ${id} has already run`);
    if (!c.running) throw conflict(`container ${c.id} is not running`);
    exec.started = true;
    const tty = options.tty || exec.config.Tty === true;
    const env = envRecord([...(c.config.Env ?? []), ...(exec.config.Env ?? [])]);
    this.#publish(exec, `exec_start: ${exec.config.Cmd!.join(" ")}`);
    const failure = await startFailure(exec, env);
    if (failure) return failedStart(exec, failure, options.detach, tty);
    const proc = await c.runtimeContainer.spawn({
      argv: exec.config.Cmd!,
      env,
      cwd: exec.config.WorkingDir || c.config.WorkingDir || "/",
      user: exec.config.User || c.config.User || undefined,
      tty,
      stdin: exec.config.AttachStdin === true && !options.detach,
    });
    exec.process = proc;
    exec.pid = c.state.Pid - 1 + proc.pid;
    const queue = new ChunkQueue();
    const pump = async (stream: ReadableStream<Uint8Array>, n: number, wanted: boolean) => {
      for await (const data of stream) {
        if (wanted && !options.detach) queue.push({ stream: n, data });
      }
    };
    const pumps = [pump(proc.stdout, STDOUT, exec.config.AttachStdout !== false)];
    if (!tty) pumps.push(pump(proc.stderr, STDERR, exec.config.AttachStderr !== false));
    proc.exited.then(async (code) => {
      await Promise.all(pumps).catch(() => {});
      exec.exitCode = code;
      exec.process = null;
      queue.end();
      this.#publish(exec, "exec_die", { exitCode: String(code) });
    });
    if (options.detach) return null;
    return {
      tty,
      detachKeys: exec.config.DetachKeys,
      output: queue,
      attachStdin: (input) =>
        exec.config.AttachStdin
          ? void input.pipeTo(proc.stdin, { preventAbort: true }).catch(() => {})
          : undefined,
      close: () => queue.end(),
    };
  }

  inspect(id: string): Promise<Types.ExecInspectResponse> {
    const exec = this.#index.get(id);
    const [entrypoint, ...args] = exec.config.Cmd ?? [];
    return Promise.resolve({
      CanRemove: false,
      ContainerID: exec.container.id,
      DetachKeys: exec.config.DetachKeys ?? "",
      // dockerd sends `null` until the exec ends, but the spec types ExitCode as a plain
      // integer (typed clients decode it as one): leave it out until it is known.
      ...(exec.exitCode === null ? {} : { ExitCode: exec.exitCode }),
      ID: exec.id,
      OpenStderr: exec.config.AttachStderr === true,
      OpenStdin: exec.config.AttachStdin === true,
      OpenStdout: exec.config.AttachStdout === true,
      ProcessConfig: {
        arguments: args,
        entrypoint,
        privileged: exec.config.Privileged === true,
        tty: exec.config.Tty === true,
        user: exec.config.User ?? "",
      },
      Running: exec.process !== null,
      Pid: exec.pid,
    });
  }

  resize(id: string, _height: number, _width: number): Promise<void> {
    const exec = this.#index.get(id);
    if (!exec.process) throw conflict(`exec ${id} is not running`);
    return Promise.resolve();
  }
}

/** Why an exec cannot start, as dockerd and runc word it, with the exit code it leaves. */
async function startFailure(
  exec: ExecRecord,
  env: Record<string, string>,
): Promise<{ message: string; code: number } | undefined> {
  const c = exec.container;
  const user = exec.config.User || c.config.User;
  const badUser = user ? await c.runtimeContainer.checkUser(user) : undefined;
  if (badUser) return { message: badUser, code: 126 };
  const runc = "OCI runtime exec failed: exec failed: unable to start container process: ";
  const cwd = exec.config.WorkingDir;
  if (cwd && (await c.runtimeContainer.stat(cwd)) === undefined) {
    return {
      message: `${runc}chdir to cwd ("${cwd}") set in config.json failed: no such file or ` +
        "directory: unknown",
      code: 127,
    };
  }
  const command = exec.config.Cmd![0];
  if (await findExecutable(c, command, env.PATH ?? DEFAULT_PATH)) return undefined;
  return {
    message: `${runc}exec: "${command}": executable file not found in $PATH: unknown`,
    code: 127,
  };
}

/**
 * An exec that cannot start, as dockerd answers it: the exit code kept for inspect; a detached
 * start fails with the message, an attached one gets it on stdout (the exec is started by then).
 */
function failedStart(
  exec: ExecRecord,
  failure: { message: string; code: number },
  detach: boolean,
  tty: boolean,
): StreamSession | null {
  exec.exitCode = failure.code;
  if (detach) throw invalidParameter(failure.message);
  const queue = new ChunkQueue();
  queue.push({ stream: STDOUT, data: new TextEncoder().encode(`${failure.message}\r\n`) });
  queue.end();
  return { tty, output: queue, attachStdin: () => {}, close: () => queue.end() };
}
