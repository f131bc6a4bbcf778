/**
 * @module
 * Health checks, run through the runtime container as dockerd runs them through the runtime: a probe
 * every Interval (StartInterval during StartPeriod), killed after Timeout; Retries failures in a
 * row make the container unhealthy; the log keeps the last 5 probes; every status change is a
 * `health_status` event.
 */

import type { HealthProbe } from "./record.ts";
import type { EngineContainer } from "./container.ts";
import type { LifecycleHost } from "./lifecycle_host.ts";
import { publish } from "./container_events.ts";
import { envRecord } from "./resolve.ts";

const NS_PER_MS = 1_000_000;
const DEFAULT_MS = 30_000;
const LOG_LIMIT = 5;
const OUTPUT_LIMIT = 4096;

function probeArgv(test: string[]): string[] | null {
  const [kind, ...rest] = test;
  if (kind === "CMD") return rest;
  if (kind === "CMD-SHELL") return ["/bin/sh", "-c", rest.join(" ")];
  return null;
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<string> {
  let out = "";
  const decoder = new TextDecoder();
  for await (const chunk of stream) out += decoder.decode(chunk, { stream: true });
  return out;
}

async function probe(c: EngineContainer, argv: string[], timeoutMs: number): Promise<HealthProbe> {
  const start = new Date().toISOString();
  const proc = await c.runtimeContainer.spawn({
    argv,
    env: envRecord(c.config.Env),
    cwd: c.config.WorkingDir || "/",
  });
  const timer = setTimeout(() => proc.signal("KILL").catch(() => {}), timeoutMs);
  const [out, err, code] = await Promise.all([
    readAll(proc.stdout),
    readAll(proc.stderr),
    proc.exited,
  ]);
  clearTimeout(timer);
  const timedOut = code === 137;
  return {
    Start: start,
    End: new Date().toISOString(),
    ExitCode: timedOut ? -1 : code,
    Output: timedOut
      ? `Health check exceeded timeout (${timeoutMs / 1000}s)`
      : (out + err).slice(0, OUTPUT_LIMIT),
  };
}

function record(
  host: LifecycleHost,
  c: EngineContainer,
  result: HealthProbe,
  retries: number,
  inStartPeriod: boolean,
) {
  const health = c.state.Health;
  if (!health) return;
  health.Log = [...health.Log, result].slice(-LOG_LIMIT);
  const before = health.Status;
  if (result.ExitCode === 0) {
    health.Status = "healthy";
    health.FailingStreak = 0;
  } else if (!inStartPeriod || health.Status !== "starting") {
    health.FailingStreak++;
    if (health.FailingStreak >= retries) health.Status = "unhealthy";
  }
  if (health.Status !== before) publish(host, c, `health_status: ${health.Status}`);
}

/** Starts probing a running container; stops by itself when that run ends. */
export function monitorHealth(host: LifecycleHost, c: EngineContainer): void {
  const check = c.config.Healthcheck;
  const argv = check?.Test ? probeArgv(check.Test) : null;
  if (!argv || argv.length === 0) return;
  const interval = (check!.Interval || DEFAULT_MS * NS_PER_MS) / NS_PER_MS;
  const timeout = (check!.Timeout || DEFAULT_MS * NS_PER_MS) / NS_PER_MS;
  const startPeriod = (check!.StartPeriod ?? 0) / NS_PER_MS;
  const startInterval = (check!.StartInterval || 5_000 * NS_PER_MS) / NS_PER_MS;
  const retries = check!.Retries || 3;
  const run = c.run;
  const startedAt = Date.now();
  c.state.Health = { Status: "starting", FailingStreak: 0, Log: [] };
  const tick = async () => {
    if (c.run !== run || !c.running) return;
    const inStartPeriod = Date.now() - startedAt < startPeriod;
    const result = await probe(c, argv, timeout);
    if (c.run !== run || !c.running) return;
    record(host, c, result, retries, inStartPeriod);
    schedule();
  };
  const schedule = () => {
    const inStartPeriod = Date.now() - startedAt < startPeriod;
    setTimeout(tick, inStartPeriod ? Math.min(startInterval, interval) : interval);
  };
  schedule();
}
