/**
 * @module
 * Build instructions that only change the image config: ENV, LABEL, EXPOSE, USER, WORKDIR,
 * ENTRYPOINT, CMD, VOLUME, HEALTHCHECK, SHELL, STOPSIGNAL, ONBUILD and MAINTAINER.
 */

import { invalidParameter } from "../errors.ts";
import { applyChanges } from "../images/commit.ts";
import { setEnv } from "../images/run_config.ts";
import type { ImageRunConfig } from "../images/store.ts";
import type { Step } from "./dockerfile.ts";
import { execForm, expand, keyValues } from "./expand.ts";

/** The shell of shell-form instructions. */
export function shellOf(config: ImageRunConfig): string[] {
  return config.Shell?.length ? config.Shell : ["/bin/sh", "-c"];
}

function duration(text: string, line: number): number {
  let ns = 0;
  const units: Record<string, number> = { ns: 1, us: 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };
  const re = /(\d+(?:\.\d+)?)(ns|us|ms|s|m|h)/g;
  if (!/^((\d+(?:\.\d+)?)(ns|us|ms|s|m|h))+$/.test(text)) {
    throw invalidParameter(`Dockerfile parse error line ${line}: invalid duration ${text}`);
  }
  for (const m of text.matchAll(re)) ns += Number(m[1]) * units[m[2]];
  return Math.round(ns);
}

function healthcheck(step: Step): Record<string, unknown> {
  const args = step.args.trim();
  if (/^NONE$/i.test(args)) return { Test: ["NONE"] };
  const m = /^CMD\s+(.*)$/is.exec(args);
  if (!m) {
    throw invalidParameter(`Dockerfile parse error line ${step.line}: Unknown type "${args}"`);
  }
  const exec = execForm(m[1]);
  const check: Record<string, unknown> = {
    Test: exec ? ["CMD", ...exec] : ["CMD-SHELL", m[1].trim()],
  };
  const names: Record<string, string> = {
    interval: "Interval",
    timeout: "Timeout",
    "start-period": "StartPeriod",
    "start-interval": "StartInterval",
  };
  for (const [flag, value] of Object.entries(step.flags)) {
    if (names[flag]) check[names[flag]] = duration(value, step.line);
    else if (flag === "retries") check.Retries = Number(value);
    else throw invalidParameter(`Dockerfile parse error line ${step.line}: Unknown flag: ${flag}`);
  }
  return check;
}

function command(args: string, config: ImageRunConfig): string[] {
  return execForm(args) ?? [...shellOf(config), args];
}

/** Applies a config instruction; `vars` are the ENV and ARG values for substitution. */
export function applyInstruction(
  config: ImageRunConfig,
  step: Step,
  vars: ReadonlyMap<string, string>,
): void {
  const value = expand(step.args, vars);
  switch (step.keyword) {
    case "ENV":
      for (const [k, v] of keyValues(value, true)) config.Env = setEnv(config.Env, k, v ?? "");
      break;
    case "LABEL":
      for (const [k, v] of keyValues(value, false)) {
        config.Labels = { ...config.Labels, [k.replace(/^"|"$/g, "")]: v ?? "" };
      }
      break;
    case "EXPOSE":
    case "USER":
    case "STOPSIGNAL":
      applyChanges(config, [`${step.keyword} ${value.trim()}`]);
      break;
    case "WORKDIR": {
      const dir = value.trim();
      const base = config.WorkingDir || "/";
      config.WorkingDir = dir.startsWith("/") ? dir : `${base.replace(/\/$/, "")}/${dir}`;
      break;
    }
    case "ENTRYPOINT":
      config.Entrypoint = command(step.args, config);
      config.Cmd = null;
      break;
    case "CMD":
      config.Cmd = command(step.args, config);
      break;
    case "VOLUME":
      for (const v of execForm(value) ?? value.trim().split(/\s+/)) {
        config.Volumes = { ...config.Volumes, [v]: {} };
      }
      break;
    case "HEALTHCHECK":
      config.Healthcheck = healthcheck(step);
      break;
    case "SHELL": {
      const shell = execForm(step.args);
      if (!shell) throw invalidParameter("SHELL requires the arguments to be in JSON form");
      config.Shell = shell;
      break;
    }
    case "ONBUILD":
      config.OnBuild = [...config.OnBuild ?? [], step.args.trim()];
      break;
    case "MAINTAINER":
      break;
    default:
      throw invalidParameter(`unexpected instruction ${step.keyword}`);
  }
}
