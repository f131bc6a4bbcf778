/**
 * @module
 * What the chaos workload pulls: a real local registry (tests/_helpers/registry.ts) holding, per
 * worker, a few small images that share one base layer and each have one layer of their own,
 * pushed once at setup with known `diff_id`s so a pulled image can be checked layer by layer.
 */

import { pushImage } from "../../sandbox/oci/mod.ts";
import { imageConfigOf, type LocalRegistry, startRegistry } from "../_helpers/registry.ts";
import { makeTar } from "../_helpers/tar.ts";
import type { Rng } from "./_rng.ts";

/** One image in the registry. */
export interface RegistryImage {
  /** `127.0.0.1:<port>/chaos/w<n>-<k>:v1` */
  ref: string;
  diffIds: string[];
}

/** The registry and its images by worker. */
export interface Fixtures {
  registry: LocalRegistry;
  images: RegistryImage[][];
}

async function sha256(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const hash = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return `sha256:${Array.from(hash, (b) => b.toString(16).padStart(2, "0")).join("")}`;
}

/** A layer tar with one file of `size` pseudo-random hex characters. */
function noiseLayer(rng: Rng, name: string, size: number): Uint8Array<ArrayBuffer> {
  let body = "";
  while (body.length < size) body += rng.token(64) + "\n";
  return makeTar([{ name, body }]);
}

/** Starts the registry and pushes `perWorker` images for each of `workers` workers. */
export async function setUpFixtures(
  rng: Rng,
  workers: number,
  perWorker: number,
): Promise<Fixtures> {
  const registry = await startRegistry();
  const base = noiseLayer(rng, "base.txt", 192 * 1024);
  const baseId = await sha256(base);
  const images: RegistryImage[][] = [];
  for (let w = 0; w < workers; w++) {
    const mine: RegistryImage[] = [];
    for (let k = 0; k < perWorker; k++) {
      const own = noiseLayer(rng, `own-${w}-${k}.txt`, rng.int(32, 160) * 1024);
      const diffIds = [baseId, await sha256(own)];
      const ref = `${registry.domain}/chaos/w${w}-${k}:v1`;
      const layers = [base, own].map((tar, i) => ({
        open: () => ReadableStream.from([tar]),
        diffId: diffIds[i],
      }));
      await pushImage(ref, {
        config: imageConfigOf(diffIds, { Cmd: ["sh"] }),
        layers,
      });
      mine.push({ ref, diffIds });
    }
    images.push(mine);
  }
  return { registry, images };
}
