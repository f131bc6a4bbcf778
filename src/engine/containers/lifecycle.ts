/**
 * @module
 * Running a container's main process through its runtime container: start (with dockerd's start errors), exit
 * bookkeeping, restart policies with backoff, AutoRemove, and the events of each transition.
 * Each transition is saved (see LifecycleHost.save) before the client or a waiter hears of it.
 */

import { conflict, DockerError, invalidParameter } from "../errors.ts";
import type { EngineContainer, RunEnd } from "./container.ts";
import type { ContainerStateData } from "./record.ts";
import { monitorHealth } from "./health.ts";
import type { LifecycleHost } from "./lifecycle_host.ts";
import type { RuntimeProcess } from "../../../sandbox/runtime.ts";

export type { LifecycleHost } from "./lifecycle_host.ts";
import { publish } from "./container_events.ts";
import { envRecord } from "./resolve.ts";
import { tarOf } from "../../../sandbox/oci/mod.ts";
import { signalName, signalNumber as signalNumberOf } from "../../../sandbox/signals.ts";

/** The PATH a process gets when its environment sets none. */
export const DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/** Whether argv[0] is an executable in the container (dockerd fails the start otherwise). */
export async function findExecutable(
  c: EngineContainer,
  command: string,
  path: string,
): Promise<boolean> {
  const instance = c.runtimeContainer;
  if (command.includes("/")) return (await instance.stat(command)) !== undefined;
  for (const dir of path.split(":")) {
    if (dir && (await instance.stat(`${dir}/${command}`)) !== undefined) return true;
  }
  return false;
}

/**
 * Makes the working directory again when a previous run removed it (it was made with the
 * runtime container, ContainerSpec.workingDir); a read-only root keeps it missing.
 */
async function ensureWorkingDir(c: EngineContainer, cwd: string): Promise<void> {
  if (cwd === "/" || (await c.runtimeContainer.stat(cwd)) !== undefined) return;
  const header = { name: `${cwd.replace(/^\/+|\/+$/g, "")}/`, type: "directory" as const, size: 0 };
  await c.runtimeContainer.putArchive("/", tarOf([{ header: { ...header, mode: 0o755 } }]))
    .catch(() => {});
}

/** Starts the main process; refuses a running or paused container as dockerd does. */
export async function startContainer(host: LifecycleHost, c: EngineContainer): Promise<void> {
  if (c.state.Paused) throw conflict(`cannot start a paused container, try unpause instead`);
  if (c.running || c.starting) throw new DockerError("NotModified", "container already started");
  c.starting = true;
  try {
    await launch(host, c);
  } finally {
    c.starting = false;
  }
}

async function launch(host: LifecycleHost, c: EngineContainer): Promise<void> {
  const env = envRecord(c.config.Env);
  // dockerd resolves the user while it builds the runtime spec: an unknown name fails the start
  // (exit code 128, "unknown") instead of running as root.
  const badUser = c.config.User ? await c.runtimeContainer.checkUser(c.config.User) : undefined;
  if (badUser) {
    c.state = { ...c.state, ExitCode: 128, Error: badUser };
    await host.save(c);
    throw invalidParameter(badUser);
  }
  if (
    !(await findExecutable(
      c,
      c.path,
      env.PATH ?? DEFAULT_PATH,
    ))
  ) {
    c.state = {
      ...c.state,
      ExitCode: 127,
      Error: `exec: "${c.path}": executable file not found in $PATH`,
    };
    await host.save(c);
    throw invalidParameter(
      `failed to create task for container: failed to create shim task: OCI runtime create failed: ` +
        `runc create failed: unable to start container process: error during container init: ` +
        `exec: "${c.path}": executable file not found in $PATH: unknown`,
    );
  }
  const cwd = c.config.WorkingDir || "/";
  await ensureWorkingDir(c, cwd);
  // A recovered container's old lines must come before the new run's.
  await c.logs.ready();
  await host.beforeStart(c);
  const proc = await c.runtimeContainer.spawn({
    argv: [c.path, ...c.args],
    env,
    cwd,
    user: c.config.User || undefined,
    hostname: c.config.Hostname || undefined,
    tty: c.tty,
    stdin: c.config.OpenStdin === true,
  });
  c.stoppedByUser = false;
  c.state = {
    ...c.state,
    Status: "running",
    Running: true,
    Paused: false,
    Restarting: false,
    Pid: proc.pid + 10_000,
    Error: "",
    StartedAt: new Date().toISOString(),
  };
  // Called before the process can end, so the exit's save is ordered after this one; the start
  // is shown (inspect, list, the `start` event) once it is durable.
  const announced = host.save(c).then(() => publish(host, c, "start"));
  c.startSaved = announced;
  const settled = () => {
    if (c.startSaved === announced) c.startSaved = undefined;
  };
  announced.then(settled, settled);
  c.adopt(proc, (end) => onExit(host, c, end));
  monitorHealth(host, c);
  await announced;
}

/** Whether the restart policy starts the container again after a run ended with `exitCode`. */
export function shouldRestart(c: EngineContainer, exitCode: number): boolean {
  const policy = c.hostConfig.RestartPolicy;
  switch (policy?.Name) {
    case "always":
      return true;
    case "unless-stopped":
      return true;
    case "on-failure": {
      const max = policy.MaximumRetryCount ?? 0;
      return exitCode !== 0 && (max === 0 || c.restartCount < max);
    }
    default:
      return false;
  }
}

async function onExit(host: LifecycleHost, c: EngineContainer, end: RunEnd): Promise<void> {
  // `die` never comes before the run's `start` (published once its save is durable).
  await c.startSaved?.catch(() => {});
  // A killed paused container leaves its freezer thawed for the next start.
  if (c.state.Paused) await c.runtimeContainer.resume?.().catch(() => {});
  const exited: ContainerStateData = {
    ...c.state,
    Status: "exited",
    Running: false,
    Paused: false,
    Pid: 0,
    ExitCode: end.exitCode,
    FinishedAt: new Date().toISOString(),
  };
  // A manual stop or kill stands every policy down until the next start, as in dockerd.
  const restart = !c.stoppedByUser && shouldRestart(c, end.exitCode);
  // An AutoRemove container is not saved: it goes, and one left by a crash is removed at start.
  const autoRemove = !restart && c.hostConfig.AutoRemove === true && !c.restartingByHand;
  // The exit is saved before anyone can see it (state, `die`, waiters).
  if (!autoRemove) {
    await host.save(c, true, exited).catch((err) => console.error(`saving ${c.id} failed:`, err));
  }
  c.state = exited;
  publish(host, c, "die", { exitCode: String(end.exitCode) });
  if (restart) scheduleRestart(host, c);
  else if (autoRemove) {
    host.autoRemove(c).catch((err) => console.error(`auto-remove of ${c.id} failed:`, err));
  }
}

/** dockerd's backoff: 100 ms doubling per consecutive restart, capped at one minute. */
function scheduleRestart(host: LifecycleHost, c: EngineContainer): void {
  c.state = { ...c.state, Status: "restarting", Restarting: true };
  const delay = Math.min(60_000, 100 * 2 ** Math.min(c.restartCount, 10));
  c.restartCount++;
  setTimeout(() => {
    if (!c.state.Restarting || c.stoppedByUser) return;
    startContainer(host, c).catch((err) => {
      c.state = {
        ...c.state,
        Status: "exited",
        Restarting: false,
        Error: String(err?.message ?? err),
      };
      host.save(c).catch(() => {});
    });
  }, delay);
}

/** The signal a stop sends: the container's StopSignal, else SIGTERM. */
export function stopSignal(c: EngineContainer, requested?: string): string {
  return requested || c.config.StopSignal || "SIGTERM";
}

/** Stops the main process: the signal, then SIGKILL after the timeout; resolves on exit. */
export async function stopContainer(
  host: LifecycleHost,
  c: EngineContainer,
  options: { timeout?: number; signal?: string },
): Promise<boolean> {
  c.stoppedByUser = true;
  if (c.state.Restarting) {
    c.state = { ...c.state, Status: "exited", Restarting: false };
    await host.save(c);
    return true;
  }
  const proc = c.process;
  if (!proc) return false;
  const timeoutSec = options.timeout ?? c.config.StopTimeout ?? 10;
  const signal = stopSignal(c, options.signal);
  const exited = await signalAndAwaitExit(host, c, proc, signal);
  const timer = timeoutSec < 0 ? undefined : setTimeout(() => {
    if (c.process === proc) {
      publish(host, c, "kill", { signal: "9" });
      proc.signal("KILL").catch(() => {});
    }
  }, timeoutSec * 1000);
  await exited;
  clearTimeout(timer);
  publish(host, c, "stop");
  return true;
}

/**
 * Sends `signal` to the main process `proc` (with its `kill` event) and answers a promise of its
 * exit. The exit is listened for before the signal goes out: a remote runtime's exit can arrive
 * before the answer to the signal call does. A process that ended meanwhile cannot take the
 * signal; its exit is the answer.
 */
export async function signalAndAwaitExit(
  host: LifecycleHost,
  c: EngineContainer,
  proc: RuntimeProcess,
  signal: string,
): Promise<Promise<void>> {
  publish(host, c, "kill", { signal: signalNumber(signal) });
  let off = () => {};
  const exited = new Promise<void>((resolve) => {
    off = c.onExit(() => {
      off();
      resolve();
    });
  });
  try {
    await proc.signal(signal);
  } catch (err) {
    if (c.process === proc) {
      off();
      throw err;
    }
  }
  return exited;
}

/** A signal's number as a string (`SIGTERM` → `15`), for event attributes; unknown is a 400. */
export function signalNumber(signal: string): string {
  const name = signalName(signal);
  if (!name) throw invalidParameter(`Invalid signal: ${signal}`);
  return String(signalNumberOf(name));
}
