/**
 * @module
 * The layer steps of a build: RUN (shell form through the image's SHELL, or exec form, run in a
 * step container), COPY and ADD (context or `--from`), and WORKDIR when its folder is missing.
 */

import { invalidParameter } from "../errors.ts";
import type { ImageRecord, ImageRunConfig } from "../images/store.ts";
import type { BuildContext } from "./context.ts";
import { planCopy, planDigest, resolveOwner, writeCopy } from "./copy.ts";
import { layerTree } from "./layer_tree.ts";
import type { Step } from "./dockerfile.ts";
import { execForm, expand, varsOf } from "./expand.ts";
import { shellOf } from "./instructions.ts";
import { type BuildHost, cacheKey, layerStep, runProcess } from "./layer_step.ts";

/** The state of the stage being built. */
export interface StageState {
  image: ImageRecord;
  config: ImageRunConfig;
  /** ARGs declared in the stage, with their values. */
  args: Map<string, string>;
}

/** RUN: the command's output streams as it is produced; a non-zero exit fails the build. */
export async function runInstruction(
  host: BuildHost,
  state: StageState,
  step: Step,
): Promise<ImageRecord> {
  const argv = execForm(step.args) ?? [...shellOf(state.config), step.args];
  const args = [...state.args].map(([k, v]) => `${k}=${v}`);
  const createdBy = args.length
    ? `|${args.length} ${args.join(" ")} ${argv.join(" ")}`
    : argv.join(" ");
  const key = await cacheKey(state.image.id, createdBy);
  return await layerStep(
    host,
    state.image,
    state.config,
    createdBy,
    key,
    async (container, publish, id) => {
      host.say(` ---> Running in ${id.slice(0, 12)}\n`);
      const code = await runProcess(host, container, argv, {
        env: Object.fromEntries(varsOf(state)),
        cwd: state.config.WorkingDir,
        user: state.config.User,
      }, publish);
      if (code !== 0) {
        throw invalidParameter(`The command '${argv.join(" ")}' returned a non-zero code: ${code}`);
      }
      host.say(`Removing intermediate container ${id.slice(0, 12)}\n`);
    },
    state.config.WorkingDir,
  );
}

/** COPY and ADD. */
export async function copyStep(
  host: BuildHost,
  state: StageState,
  step: Step,
  context: BuildContext,
  stageImage: (ref: string) => Promise<ImageRecord>,
): Promise<ImageRecord> {
  const vars = varsOf(state);
  const words = (execForm(step.args) ?? step.args.trim().split(/\s+/)).map((w) => expand(w, vars));
  if (words.length < 2) throw invalidParameter(`${step.keyword} requires at least two arguments`);
  const sources = words.slice(0, -1);
  const remote = sources.find((s) => /^[a-z]+:\/\//i.test(s));
  if (remote) {
    throw invalidParameter(`${step.keyword} failed: remote sources are not supported: ${remote}`);
  }
  let dest = words[words.length - 1];
  if (!dest.startsWith("/")) {
    const base = state.config.WorkingDir || "/";
    dest = `${base.replace(/\/$/, "")}/${dest === "." ? "" : dest}`;
  }
  const from = step.flags.from ? expand(step.flags.from, vars) : undefined;
  const tree = from ? await layerTree((await stageImage(from)).layers) : context;
  const planned = planCopy(tree, sources, dest, step.keyword);
  const digest = await planDigest(planned);
  const kind = planned.length === 1 && planned[0].entry.kind === "file" ? "file" : "dir";
  const createdBy = `/bin/sh -c #(nop) ${step.keyword} ${kind}:${digest} in ${dest} `;
  const key = await cacheKey(state.image.id, createdBy, `${step.flags.chown ?? ""} ${from ?? ""}`);
  return await layerStep(host, state.image, state.config, createdBy, key, async (container) => {
    const owner = step.flags.chown ? await resolveOwner(container, step.flags.chown) : undefined;
    await writeCopy(container, planned, dest, { owner, extract: step.keyword === "ADD" });
  });
}

/** WORKDIR whose folder the image lacks: the folder is created in a new layer. */
export async function workdirStep(
  host: BuildHost,
  state: StageState,
  step: Step,
): Promise<ImageRecord | undefined> {
  const dir = state.config.WorkingDir;
  if (await hasDirectory(host, state.image, dir)) return undefined;
  const createdBy = `/bin/sh -c #(nop) WORKDIR ${dir}`;
  const key = await cacheKey(state.image.id, createdBy, step.text);
  // The step container makes the folder as it is created; nothing else is done in it.
  return await layerStep(host, state.image, state.config, createdBy, key, async () => {}, dir);
}

/** Whether `image` has a directory at `path`. */
async function hasDirectory(host: BuildHost, image: ImageRecord, path: string): Promise<boolean> {
  const container = await host.steps.open(image, { hostname: "workdir" });
  try {
    return await container.isDirectory(path);
  } finally {
    await container.close();
  }
}
