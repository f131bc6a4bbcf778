/**
 * @module
 * Resolves a create request against its image, as dockerd does: Env merged (the request wins
 * per key), Entrypoint and Cmd (a request Entrypoint drops the image Cmd), WorkingDir, User,
 * Labels, StopSignal and Healthcheck defaulted from the image.
 */

import type { Types } from "../../../generated/docker/mod.ts";
import { invalidParameter } from "../errors.ts";

/** The parts of an image config that containers inherit. */
export interface InheritedConfig {
  Env?: string[] | null;
  Cmd?: string[] | null;
  Entrypoint?: string[] | null;
  WorkingDir?: string;
  User?: string;
  Labels?: Record<string, string> | null;
  StopSignal?: string;
  Healthcheck?: Types.HealthConfig;
  ExposedPorts?: Record<string, unknown> | null;
  Volumes?: Record<string, unknown> | null;
  Shell?: string[];
}

function mergeEnv(image: string[] = [], request: string[] = []): string[] {
  const out = new Map<string, string>();
  for (const entry of [...image, ...request]) {
    const eq = entry.indexOf("=");
    out.set(eq < 0 ? entry : entry.slice(0, eq), entry);
  }
  return [...out.values()];
}

/**
 * A health config as dockerd keeps it: its Go struct turns JSON nulls into zero values and its
 * `omitempty` fields drop them again, so inspect never shows `"StartPeriod": null` (docker-py 5
 * sends nulls for every duration compose leaves unset).
 */
function healthConfig(check: Types.HealthConfig | undefined): Types.HealthConfig | undefined {
  if (!check) return check;
  const entries = Object.entries(check).filter(([, v]) => v !== null && v !== 0);
  return Object.fromEntries(entries) as Types.HealthConfig;
}

function asList(value: string[] | string | null | undefined): string[] | undefined {
  if (value === null || value === undefined) return undefined;
  return typeof value === "string" ? [value] : value;
}

/** A requested working directory, cleaned; a relative one is dockerd's 400. */
function workingDir(dir: string | undefined): string | undefined {
  if (!dir) return dir;
  if (!dir.startsWith("/")) {
    throw invalidParameter(
      `the working directory '${dir}' is invalid, it needs to be an absolute path`,
    );
  }
  const parts: string[] = [];
  for (const part of dir.split("/")) {
    if (part === "..") parts.pop();
    else if (part && part !== ".") parts.push(part);
  }
  return `/${parts.join("/")}`;
}

/** The container config that results from `request` over `image`. */
export function resolveConfig(
  request: Types.ContainerConfig,
  image: InheritedConfig,
): Types.ContainerConfig {
  const entrypoint = asList(request.Entrypoint as string[] | string | null);
  const requestCmd = asList(request.Cmd as string[] | string | null);
  // dockerd's merge: with no request Entrypoint (absent or empty), an absent or empty Cmd takes
  // the image's; dockerode's `run(image, [])` sends `Cmd: []` to mean "the image's command".
  const inheritCmd = !entrypoint?.length && !requestCmd?.length;
  const cmd = inheritCmd ? image.Cmd ?? undefined : requestCmd;
  return {
    ...request,
    Env: mergeEnv(image.Env ?? [], request.Env ?? []),
    // `--entrypoint ""` sends [""]: dockerd resets the Entrypoint (and keeps the image's Cmd out).
    Entrypoint: entrypoint?.length === 1 && entrypoint[0] === ""
      ? undefined
      : entrypoint ?? image.Entrypoint ?? undefined,
    Cmd: cmd,
    WorkingDir: workingDir(request.WorkingDir) || image.WorkingDir || "",
    User: request.User || image.User || "",
    Labels: { ...(image.Labels ?? {}), ...(request.Labels ?? {}) },
    StopSignal: request.StopSignal || image.StopSignal || undefined,
    Healthcheck: healthConfig(request.Healthcheck ?? image.Healthcheck),
    ExposedPorts: { ...(image.ExposedPorts ?? {}), ...(request.ExposedPorts ?? {}) } as Record<
      string,
      Record<string, never>
    >,
    Volumes: { ...(image.Volumes ?? {}), ...(request.Volumes ?? {}) } as Record<
      string,
      Record<string, never>
    >,
  };
}

/** The argv a config runs; none is dockerd's `no command specified`. */
export function commandLine(config: Types.ContainerConfig): string[] {
  const argv = [...(config.Entrypoint ?? []), ...(config.Cmd ?? [])];
  if (argv.length === 0) throw invalidParameter("no command specified");
  return argv;
}

const RESTART_POLICIES = ["", "no", "always", "unless-stopped", "on-failure"];

/** Checks the host config's restart policy as dockerd does. */
export function checkRestartPolicy(hostConfig: Types.HostConfig): void {
  const policy = hostConfig.RestartPolicy;
  if (!policy) return;
  const name = policy.Name ?? "";
  if (!RESTART_POLICIES.includes(name)) {
    throw invalidParameter(
      `invalid restart policy: unknown policy '${name}'; use one of 'no', 'always', 'unless-stopped', or 'on-failure'`,
    );
  }
  if ((policy.MaximumRetryCount ?? 0) < 0) {
    throw invalidParameter("invalid restart policy: maximum retry count cannot be negative");
  }
  if (name !== "on-failure" && (policy.MaximumRetryCount ?? 0) > 0) {
    throw invalidParameter(
      `invalid restart policy: maximum retry count can only be used with 'on-failure'`,
    );
  }
  if (name && name !== "no" && hostConfig.AutoRemove) {
    throw invalidParameter("can't create 'AutoRemove' container with restart policy");
  }
}

/** `KEY=value` entries as a record. */
export function envRecord(env: string[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of env) {
    const eq = entry.indexOf("=");
    if (eq > 0) out[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  return out;
}
