/**
 * @module
 * The mixed workload of one daemon incarnation: each worker runs operations on its own objects
 * (so no failure is a race between workers) until the harness kills the daemon. An operation
 * that fails while the daemon is alive is a violation; one cut by the kill is expected.
 */

import {
  copyInto,
  copyOut,
  execWrite,
  runCounter,
  runOneshot,
  runRemoved,
} from "./_ops_containers.ts";
import {
  LONG_LOG,
  readLogs,
  removeContainer,
  startContainer,
  stopContainer,
} from "./_ops_lifecycle.ts";
import { buildImage, pullImage, removeImage, tagImage } from "./_ops_images.ts";
import { commitContainer, importImage, loadImage, pushImage } from "./_ops_archive.ts";
import {
  createNetwork,
  createVolume,
  removeNetwork,
  removeVolume,
  writeVolume,
} from "./_ops_volumes_networks.ts";
import type { OpContext } from "./_context.ts";
import type { WorkerModel } from "./_model.ts";

/** An operation; it answers false when the worker had nothing for it to act on. */
type Op = (ctx: OpContext) => Promise<boolean | void>;

const OPS: Record<string, Op> = {
  runCounter,
  runOneshot,
  runRemoved,
  execWrite,
  copyInto,
  copyOut,
  stopContainer,
  startContainer,
  removeContainer,
  pullImage,
  buildImage,
  tagImage,
  removeImage,
  commitContainer,
  loadImage,
  importImage,
  pushImage,
  readLogs,
  createVolume,
  writeVolume,
  removeVolume,
  createNetwork,
  removeNetwork,
};

/** Upper bounds of a worker's objects, so the checks after each restart stay fast. */
const MAX = { containers: 6, images: 5, volumes: 3, networks: 2 };

function weights(w: WorkerModel): Record<string, number> {
  const full = (n: number, max: number) => (n >= max ? 0 : 1);
  const c = full(w.containers.size, MAX.containers);
  const i = full(w.images.size, MAX.images);
  return {
    runCounter: 3 * c,
    runOneshot: 2 * c,
    runRemoved: 1,
    execWrite: 3,
    copyInto: 2,
    copyOut: 1,
    stopContainer: 2,
    startContainer: 2,
    removeContainer: c && ![...w.containers.values()].some((x) => x.lines.length > LONG_LOG)
      ? 1
      : 4,
    pullImage: 2 * i,
    buildImage: 1 * i,
    tagImage: 0.5 * i,
    removeImage: i ? 0.5 : 2,
    commitContainer: 0.5 * i,
    loadImage: 0.5 * i,
    importImage: 0.3 * i,
    readLogs: 1,
    pushImage: 0.3,
    createVolume: full(w.volumes.size, MAX.volumes),
    writeVolume: 2,
    removeVolume: 0.3,
    createNetwork: 0.5 * full(w.networks.size, MAX.networks),
    removeNetwork: 0.3,
  };
}

/**
 * Runs one worker's operations until `ctx.killed()`; answers the names of those acknowledged
 * and of the one the kill cut short.
 */
export async function runWorker(ctx: OpContext): Promise<string[]> {
  const done: string[] = [];
  while (!ctx.killed()) {
    const name = ctx.rng.weighted(weights(ctx.w));
    try {
      if (await OPS[name](ctx) !== false) {
        done.push(name);
        ctx.acked();
      }
    } catch (err) {
      if (ctx.killed()) {
        // Cut by the kill: what it leaves is checked after the restart.
        done.push(`${name} (cut by the kill)`);
        break;
      }
      ctx.complain(`${name} failed while the daemon was alive: ${(err as Error).message}`);
      // A broken daemon would fail every operation; one report per worker and cycle is enough.
      break;
    }
  }
  return done;
}
