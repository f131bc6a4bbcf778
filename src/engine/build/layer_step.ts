/**
 * @module
 * A build step that changes the filesystem (RUN, COPY, ADD, WORKDIR): looked up in the build
 * cache, else run in an intermediate sandbox container (announced with container create, start,
 * die and destroy events, never listed by `docker ps`) whose changes `docker commit`'s machinery
 * turns into a new layer.
 */

import { createContainer, type SandboxContainer } from "../../../sandbox/mod.ts";
import type { EventBus } from "../events.ts";
import { newId } from "../ids.ts";
import { commitContainer } from "../images/commit.ts";
import type { LayerFiles } from "../images/layer_files.ts";
import type { ImageRecord, ImageRunConfig, ImageStore, ImageTxn } from "../images/store.ts";

/** What every step of a build shares. */
export interface BuildHost {
  store: ImageStore;
  files: LayerFiles;
  events: EventBus;
  /** The build's images are saved when it commits (the build cache is the store's). */
  txn: ImageTxn;
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

/** Runs `work` in a container over `parent` and commits its changes as a new image. */
export async function layerStep(
  host: BuildHost,
  parent: ImageRecord,
  config: ImageRunConfig,
  createdBy: string,
  key: string,
  work: (sandbox: SandboxContainer, publish: Publish, id: string) => Promise<void>,
): Promise<ImageRecord> {
  const hit = cached(host, key);
  if (hit) return hit;
  const id = newId();
  const sandbox = await createContainer({
    image: await host.store.layerOf(parent),
    hostname: id.slice(0, 12),
  });
  const publish = (action: string, extra: Record<string, string> = {}) =>
    host.events.publish({
      Type: "container",
      Action: action,
      id,
      attributes: { image: parent.id, name: `build-${id.slice(0, 12)}`, ...extra },
    });
  publish("create");
  try {
    await work(sandbox, publish, id);
    const image = await commitContainer(
      host.store,
      host.files,
      {
        id,
        imageId: parent.id,
        sandbox,
        config: { ...config },
        command: createdBy,
      },
      { changes: [], config: {} },
      host.txn,
    );
    host.store.buildCache.set(key, image.id);
    return image;
  } finally {
    await sandbox.stopAll(0);
    publish("destroy");
  }
}

/** Runs one process of a RUN step, streaming its output; answers its exit code. */
export async function runProcess(
  host: BuildHost,
  sandbox: SandboxContainer,
  argv: string[],
  options: { env: Record<string, string>; cwd: string; user: string },
  publish: Publish,
): Promise<number> {
  if (options.cwd) await sandbox.mkdirp(options.cwd);
  const proc = sandbox.spawn({
    argv,
    env: options.env,
    cwd: options.cwd || "/",
    user: options.user || undefined,
  });
  publish("start");
  const decoder = () => new TextDecoderStream();
  const pump = (stream: ReadableStream<Uint8Array>) =>
    stream.pipeThrough(decoder()).pipeTo(
      new WritableStream({ write: (text) => host.say(text) }),
    );
  const [code] = await Promise.all([proc.exited, pump(proc.stdout), pump(proc.stderr)]);
  publish("die", { exitCode: String(code) });
  return code;
}
