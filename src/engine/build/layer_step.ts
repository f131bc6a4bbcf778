/**
 * @module
 * A build step that changes the filesystem (RUN, COPY, ADD, WORKDIR): looked up in the build
 * cache, else run in an intermediate container of the step runner (announced with container
 * create, start, die and destroy events, never listed by `docker ps`) whose changes `docker
 * commit`'s machinery turns into a new layer.
 */

import type { EventBus } from "../events.ts";
import { newId } from "../ids.ts";
import { commitContainer } from "../images/commit.ts";
import type { LayerFiles } from "../images/layer_files.ts";
import type { ImageRecord, ImageRunConfig, ImageStore, ImageTxn } from "../images/store.ts";
import type { StepContainer, StepProcess, StepRunner } from "./step_runner.ts";

/** What every step of a build shares. */
export interface BuildHost {
  store: ImageStore;
  files: LayerFiles;
  events: EventBus;
  /** The build's images are saved when it commits (the build cache is the store's). */
  txn: ImageTxn;
  /** Where steps run. */
  steps: StepRunner;
  nocache: boolean;
  /** Writes a `{"stream":…}` line. */
  say(text: string): void;
}

/** Publishes an event of the intermediate container. */
export type Publish = (action: string, extra?: Record<string, string>) => void;

/** The cache key of a step over `parent`. */
export async function cacheKey(parent: string, createdBy: string, extra = ""): Promise<string> {
  const bytes = new TextEncoder().encode(`${parent}\n${createdBy}\n${extra}`);
  const hash = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return Array.from(hash, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** The cached image of `key`, if any and still present. */
export function cached(host: BuildHost, key: string): ImageRecord | undefined {
  if (host.nocache) return undefined;
  const id = host.store.buildCache.get(key);
  const image = id ? host.store.find(id) : undefined;
  if (image) host.say(" ---> Using cache\n");
  return image;
}

/**
 * Runs `work` in a container over `parent` (its `workingDir` made, when given) and commits its
 * changes as a new image.
 */
export async function layerStep(
  host: BuildHost,
  parent: ImageRecord,
  config: ImageRunConfig,
  createdBy: string,
  key: string,
  work: (container: StepContainer, publish: Publish, id: string) => Promise<void>,
  workingDir?: string,
): Promise<ImageRecord> {
  const hit = cached(host, key);
  if (hit) return hit;
  const id = newId();
  const container = await host.steps.open(parent, { hostname: id.slice(0, 12), workingDir });
  const publish = (action: string, extra: Record<string, string> = {}) =>
    host.events.publish({
      Type: "container",
      Action: action,
      id,
      attributes: { image: parent.id, name: `build-${id.slice(0, 12)}`, ...extra },
    });
  publish("create");
  try {
    await work(container, publish, id);
    const image = await commitContainer(
      host.store,
      host.files,
      {
        id,
        imageId: parent.id,
        changes: () => container.changes(),
        config: { ...config },
        command: createdBy,
      },
      { changes: [], config: {} },
      host.txn,
    );
    host.store.buildCache.set(key, image.id);
    return image;
  } finally {
    await container.close();
    publish("destroy");
  }
}

/** Runs one process of a RUN step, streaming its output; answers its exit code. */
export async function runProcess(
  host: BuildHost,
  container: StepContainer,
  argv: string[],
  process: StepProcess,
  publish: Publish,
): Promise<number> {
  publish("start");
  const code = await container.run(argv, process, (text) => host.say(text));
  publish("die", { exitCode: String(code) });
  return code;
}
