/**
 * @module
 * Registry figures: push and pull of a 50 MB image (two incompressible layers generated as
 * streams, never held in memory) against a real local `docker-registry`, with throughput in
 * MB/s and the peak resident memory sampled during each phase. Prints figures; asserts nothing.
 *
 *     deno run -A tools/bench/registry.ts
 */

import { createTarPacker } from "modern-tar";
import { imageConfigOf, startRegistry } from "../../tests/_helpers/registry.ts";
import { layerDigests, pullImage, pushImage } from "../../sandbox/oci/mod.ts";

/** Size of each of the two noise layers. */
export const LAYER_BYTES = 25 * 1024 * 1024;
const CHUNK = 64 * 1024;

/** A tar with one file of `size` pseudo-random bytes, generated chunk by chunk from `seed`. */
export function noiseTar(seed: number, size: number): ReadableStream<Uint8Array> {
  const { readable, controller } = createTarPacker();
  (async () => {
    const header = { name: `noise-${seed}.bin`, size, type: "file" as const, mtime: new Date(0) };
    const writer = controller.add(header).getWriter();
    let x = seed >>> 0 || 1;
    for (let done = 0; done < size; done += CHUNK) {
      const words = new Uint32Array(Math.min(CHUNK, size - done) / 4);
      for (let i = 0; i < words.length; i++) {
        x ^= x << 13;
        x ^= x >>> 17;
        x ^= x << 5;
        words[i] = x >>> 0;
      }
      await writer.write(new Uint8Array(words.buffer));
    }
    await writer.close();
    controller.finalize();
  })();
  return readable;
}

/** Runs `fn` while sampling resident memory; returns seconds taken and the peak RSS in MB. */
async function measured(fn: () => Promise<void>): Promise<{ seconds: number; peakMb: number }> {
  let peak = Deno.memoryUsage().rss;
  const timer = setInterval(() => peak = Math.max(peak, Deno.memoryUsage().rss), 10);
  const started = performance.now();
  try {
    await fn();
  } finally {
    clearInterval(timer);
  }
  peak = Math.max(peak, Deno.memoryUsage().rss);
  return { seconds: (performance.now() - started) / 1000, peakMb: peak / 1048576 };
}

/** Pushes then pulls a 50 MB image; returns MB/s and peak RSS for each. */
export async function benchRegistry(): Promise<Record<string, number>> {
  await using registry = await startRegistry();
  const baseline = Deno.memoryUsage().rss / 1048576;
  const seeds = [1, 2];
  const diffIds: string[] = [];
  for (const seed of seeds) diffIds.push((await layerDigests(noiseTar(seed, LAYER_BYTES))).diffId);
  const config = imageConfigOf(diffIds);
  const ref = `${registry.domain}/bench/noise:50mb`;
  const layers = seeds.map((seed, i) => ({
    open: () => noiseTar(seed, LAYER_BYTES),
    diffId: diffIds[i],
  }));
  const mb = (seeds.length * LAYER_BYTES) / 1048576;
  const push = await measured(async () => void await pushImage(ref, { config, layers }));
  let pulled = 0;
  const pull = await measured(async () => {
    const image = await pullImage(ref);
    for (const layer of image.layers) {
      for await (const chunk of layer.open()) pulled += chunk.byteLength;
    }
  });
  if (pulled < seeds.length * LAYER_BYTES) throw new Error(`pulled only ${pulled} bytes`);
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    image_mb: mb,
    baseline_rss_mb: round(baseline),
    "push_mb_per_s (gzip + upload, one pass)": round(mb / push.seconds),
    push_peak_rss_mb: round(push.peakMb),
    pull_mb_per_s: round(mb / pull.seconds),
    pull_peak_rss_mb: round(pull.peakMb),
  };
}

if (import.meta.main) {
  console.log(JSON.stringify({ benchmark: "registry", ...(await benchRegistry()) }));
}
