/**
 * @module
 * An image config's run settings (`config` of an OCI image config) as the store keeps them,
 * with dockerd's defaults for what is missing.
 */

import type { ImageRunConfig } from "./store.ts";

const OPTIONAL = [
  "ExposedPorts",
  "Volumes",
  "StopSignal",
  "Healthcheck",
  "Shell",
  "OnBuild",
] as const;

/** The keys an image config's run settings may have. */
export const RUN_KEYS = [
  "Env",
  "Cmd",
  "Entrypoint",
  "WorkingDir",
  "User",
  "Labels",
  ...OPTIONAL,
] as const;

/** Reads run settings from a raw config object. */
export function runConfig(raw: Record<string, unknown> | undefined): ImageRunConfig {
  const c = raw ?? {};
  const config: ImageRunConfig = {
    Env: (c.Env as string[] | undefined) ?? [],
    Cmd: (c.Cmd as string[] | undefined) ?? null,
    Entrypoint: (c.Entrypoint as string[] | undefined) ?? null,
    WorkingDir: (c.WorkingDir as string | undefined) ?? "",
    User: (c.User as string | undefined) ?? "",
    Labels: (c.Labels as Record<string, string> | undefined) ?? {},
  };
  for (const key of OPTIONAL) {
    if (c[key] !== undefined && c[key] !== null) {
      (config as unknown as Record<string, unknown>)[key] = c[key];
    }
  }
  return config;
}

/** Sets `key=value` in an env list, replacing an earlier value (ENV in builds and changes). */
export function setEnv(env: string[], key: string, value: string): string[] {
  return [...env.filter((e) => !e.startsWith(`${key}=`)), `${key}=${value}`];
}
