/**
 * @module
 * The classic builder: runs a parsed Dockerfile stage by stage, printing dockerd's `Step n/m :`
 * lines, and answers the final image (the target stage's). Variables of ENV and ARG are
 * substituted; ONBUILD triggers of a base image run right after its FROM.
 */

import { invalidParameter } from "../errors.ts";
import type { ImageRecord } from "../images/store.ts";
import type { BuildContext } from "./context.ts";
import { type ParsedDockerfile, parseSteps, type Stage, type Step } from "./dockerfile.ts";
import { expand, keyValues, varsOf } from "./expand.ts";
import { configImage, scratchImage } from "./image.ts";
import { applyInstruction } from "./instructions.ts";
import { type BuildHost, cached, cacheKey } from "./layer_step.ts";
import { copyStep, runInstruction, type StageState, workdirStep } from "./steps.ts";

/** A build's inputs beyond the Dockerfile. */
export interface BuildInput {
  context: BuildContext;
  buildArgs: Record<string, string | null>;
  target: string;
  labels: Record<string, string>;
  /** The base image of a FROM: from the store, or pulled (always with `pull`). */
  baseImage(ref: string): Promise<ImageRecord>;
}

function targetIndex(stages: Stage[], target: string): number {
  if (!target) return stages.length - 1;
  const i = stages.findIndex((s) => s.name === target.toLowerCase());
  if (i < 0) throw invalidParameter(`failed to reach build target ${target} in Dockerfile`);
  return i;
}

/** Runs the Dockerfile; answers the final image. */
export async function runBuild(
  host: BuildHost,
  dockerfile: ParsedDockerfile,
  input: BuildInput,
): Promise<ImageRecord> {
  const last = targetIndex(dockerfile.stages, input.target);
  const stages = dockerfile.stages.slice(0, last + 1);
  if (Object.keys(input.labels).length > 0) {
    const text = Object.entries(input.labels).map(([k, v]) =>
      `${JSON.stringify(k)}=${JSON.stringify(v)}`
    )
      .join(" ");
    stages[last] = {
      ...stages[last],
      steps: [...stages[last].steps, {
        keyword: "LABEL",
        text: `LABEL ${text}`,
        args: text,
        flags: {},
        line: 0,
      }],
    };
  }
  const total = stages.reduce((n, s) => n + 1 + s.steps.length, 0);
  const used = new Set<string>();
  const globals = new Map<string, string>();
  for (const step of dockerfile.globalArgs) {
    for (const [k, v] of keyValues(step.args, false)) {
      const given = input.buildArgs[k];
      if (given !== undefined) used.add(k);
      globals.set(k, given ?? v ?? "");
    }
  }
  const built: ImageRecord[] = [];
  let n = 0;
  let state: StageState | undefined;
  for (const [index, stage] of stages.entries()) {
    host.say(`Step ${++n}/${total} : ${stage.from.text}\n`);
    const ref = expand(stage.from.args, globals);
    const earlier = stages.slice(0, index).findIndex((s) => s.name === ref.toLowerCase());
    const base = earlier >= 0
      ? built[earlier]
      : ref === "scratch"
      ? scratchImage(host.store, host.txn)
      : await input.baseImage(ref);
    state = { image: base, config: structuredClone(base.config), args: new Map() };
    host.say(` ---> ${base.id.slice(7, 19)}\n`);
    const triggers = state.config.OnBuild ?? [];
    if (triggers.length) {
      host.say(`# Executing ${triggers.length} build trigger${triggers.length > 1 ? "s" : ""}\n`);
      state.config.OnBuild = [];
      for (const step of parseSteps(triggers.join("\n"))) {
        await dispatch(host, state, step, input, used, built, stages, globals);
      }
    }
    for (const step of stage.steps) {
      host.say(`Step ${++n}/${total} : ${step.text}\n`);
      await dispatch(host, state, step, input, used, built, stages, globals);
      host.say(` ---> ${state.image.id.slice(7, 19)}\n`);
    }
    built.push(state.image);
  }
  const unused = Object.keys(input.buildArgs).filter((k) => !used.has(k));
  if (unused.length) {
    host.say(`[Warning] One or more build-args [${unused.join(" ")}] were not consumed\n`);
  }
  return state!.image;
}

/**
 * Instructions whose arguments take `$VAR` substitution (the Dockerfile reference's list);
 * CMD, ENTRYPOINT, HEALTHCHECK and SHELL keep theirs for the shell at run time, also in history.
 */
const EXPANDED = new Set(["ENV", "EXPOSE", "LABEL", "STOPSIGNAL", "USER", "VOLUME", "ONBUILD"]);

/**
 * An instruction as dockerd's history records it: CMD and ENTRYPOINT as the argv they set, in
 * Go's `%q` of a string list (`CMD ["/bin/sh" "-c" "echo hi"]`); others as written, substituted
 * where the Dockerfile reference substitutes.
 */
function historyText(step: Step, state: StageState): string {
  if (step.keyword === "CMD" || step.keyword === "ENTRYPOINT") {
    const argv = (step.keyword === "CMD" ? state.config.Cmd : state.config.Entrypoint) ?? [];
    return `${step.keyword} [${argv.map((a) => JSON.stringify(a)).join(" ")}]`;
  }
  return EXPANDED.has(step.keyword) ? expand(step.text, varsOf(state)) : step.text;
}

/** Runs one instruction of a stage, moving `state` to the new image. */
async function dispatch(
  host: BuildHost,
  state: StageState,
  step: Step,
  input: BuildInput,
  used: Set<string>,
  built: ImageRecord[],
  stages: Stage[],
  globals: Map<string, string>,
): Promise<void> {
  switch (step.keyword) {
    case "RUN":
      state.image = await runInstruction(host, state, step);
      return;
    case "COPY":
    case "ADD":
      state.image = await copyStep(host, state, step, input.context, (from) => {
        const i = stages.findIndex((s) => s.name === from.toLowerCase());
        const index = i >= 0 ? i : /^\d+$/.test(from) ? Number(from) : -1;
        if (index >= 0 && index < built.length) return Promise.resolve(built[index]);
        return input.baseImage(from);
      });
      return;
    case "WORKDIR":
      applyInstruction(state.config, step, varsOf(state));
      {
        const image = await workdirStep(host, state, step);
        if (image) {
          state.image = image;
          return;
        }
      }
      break;
    case "ARG":
      for (const [k, v] of keyValues(expand(step.args, varsOf(state)), false)) {
        const given = input.buildArgs[k];
        if (given !== undefined && given !== null) used.add(k);
        state.args.set(k, given ?? v ?? globals.get(k) ?? "");
      }
      break;
    default:
      applyInstruction(state.config, step, varsOf(state));
  }
  const createdBy = `/bin/sh -c #(nop)  ${historyText(step, state)}`;
  const key = await cacheKey(state.image.id, createdBy, JSON.stringify(state.config));
  const hit = cached(host, key);
  if (hit) {
    state.image = hit;
    return;
  }
  state.image = configImage(host.store, state.image, state.config, createdBy, host.txn);
  host.store.buildCache.set(key, state.image.id);
}
