/**
 * @module
 * The build's port to a runtime: a step runs in a container made from its parent image's layers,
 * writes files into it as tars and hands back its changes as a layer tar. `runtimeSteps`
 * implements it over the runtime port, so a build runs wherever the backend's containers run.
 */

import type { Runtime, RuntimeContainer } from "../../../sandbox/runtime.ts";
import { rootfsOf } from "../containers/runtime_spec.ts";
import type { ImageRecord } from "../images/store.ts";

/** What a command of a RUN step runs with. */
export interface StepProcess {
  env: Record<string, string>;
  cwd: string;
  user: string;
}

/** The container of one build step. */
export interface StepContainer {
  /** Runs a command, its stdout and stderr going to `say` as produced; answers its exit code. */
  run(argv: string[], process: StepProcess, say: (text: string) => void): Promise<number>;
  /** A file's bytes, or undefined when it does not exist. */
  readFile(path: string): Promise<Uint8Array | undefined>;
  isDirectory(path: string): Promise<boolean>;
  /** Extracts a tar into the directory `dir` (entries keep the tar's owners with `copyUIDGID`). */
  putArchive(
    dir: string,
    tar: ReadableStream<Uint8Array>,
    options?: { copyUIDGID?: boolean },
  ): Promise<void>;
  /** What the step changed, as a layer tar. */
  changes(): Promise<ReadableStream<Uint8Array>>;
  /** Ends its processes and frees it. */
  close(): Promise<void>;
}

/** Makes the containers of build steps. */
export interface StepRunner {
  /** A container over `image`'s layers (with `workingDir` made, when given). */
  open(
    image: ImageRecord,
    options: { hostname: string; workingDir?: string },
  ): Promise<StepContainer>;
}

async function pumpText(stream: ReadableStream<Uint8Array>, say: (text: string) => void) {
  await stream.pipeThrough(new TextDecoderStream()).pipeTo(
    new WritableStream({ write: (text) => say(text) }),
  );
}

function stepContainer(instance: RuntimeContainer): StepContainer {
  return {
    async run(argv, process, say) {
      const proc = await instance.spawn({
        argv,
        env: process.env,
        cwd: process.cwd || "/",
        user: process.user || undefined,
      });
      const [code] = await Promise.all([
        proc.exited,
        pumpText(proc.stdout, say),
        pumpText(proc.stderr, say),
      ]);
      return code;
    },
    readFile: (path) => instance.readFile(path).catch(() => undefined),
    async isDirectory(path) {
      return (await instance.stat(path))?.kind === "directory";
    },
    putArchive: (dir, tar, options) => instance.putArchive(dir, tar, options),
    changes: () => instance.exportChanges(),
    close: () => instance.destroy(0),
  };
}

/** Build steps in containers of `runtime`. */
export function runtimeSteps(runtime: Runtime): StepRunner {
  return {
    async open(image, options) {
      const instance = await runtime.createContainer({
        rootfs: rootfsOf(image, image.id),
        hostname: options.hostname,
        ...(options.workingDir ? { workingDir: options.workingDir } : {}),
      });
      return stepContainer(instance);
    },
  };
}
