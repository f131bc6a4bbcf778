/**
 * @module
 * `docker pull` and `docker push` of a 50 MB image (two incompressible 25 MB layers) between our
 * daemon and a real local `docker-registry`: MB/s and the daemon's peak resident memory
 * (`VmHWM` of its process), which must stay below 200 MB because layers are streamed.
 *
 *     deno run -A tools/bench/image_transfer.ts
 */

import { layerDigests, pushImage } from "../../sandbox/oci/mod.ts";
import { imageConfigOf, startRegistry } from "../../tests/_helpers/registry.ts";
import { startBenchDaemon } from "./_daemon.ts";
import { LAYER_BYTES, noiseTar } from "./registry.ts";

async function peakRssMb(pid: number): Promise<number> {
  const status = await Deno.readTextFile(`/proc/${pid}/status`);
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)![1]) / 1024;
}

async function timedDocker(env: Record<string, string>, ...args: string[]): Promise<number> {
  const started = performance.now();
  const out = await new Deno.Command("docker", { args, env, stdout: "null", stderr: "piped" })
    .output();
  if (!out.success) {
    throw new Error(`docker ${args.join(" ")}: ${new TextDecoder().decode(out.stderr)}`);
  }
  return (performance.now() - started) / 1000;
}

/** Runs the benchmark and returns its figures. */
export async function benchImageTransfer(): Promise<Record<string, number>> {
  await using registry = await startRegistry();
  const seeds = [11, 12];
  const diffIds: string[] = [];
  for (const seed of seeds) diffIds.push((await layerDigests(noiseTar(seed, LAYER_BYTES))).diffId);
  const ref = `${registry.domain}/bench/big:v1`;
  await pushImage(ref, {
    config: imageConfigOf(diffIds, { Cmd: ["sh"] }),
    layers: seeds.map((seed, i) => ({
      open: () => noiseTar(seed, LAYER_BYTES),
      diffId: diffIds[i],
    })),
  });
  const daemon = await startBenchDaemon();
  try {
    const env = { DOCKER_HOST: `unix://${daemon.socket}` };
    const mb = (seeds.length * LAYER_BYTES) / 1048576;
    const baseline = await peakRssMb(daemon.pid);
    const pull = await timedDocker(env, "pull", ref);
    const afterPull = await peakRssMb(daemon.pid);
    await timedDocker(env, "tag", ref, `${registry.domain}/bench/copy:v1`);
    const push = await timedDocker(env, "push", `${registry.domain}/bench/copy:v1`);
    const afterPush = await peakRssMb(daemon.pid);
    const round = (n: number) => Math.round(n * 10) / 10;
    return {
      image_mb: mb,
      daemon_rss_at_start_mb: round(baseline),
      pull_mb_per_s: round(mb / pull),
      daemon_peak_rss_after_pull_mb: round(afterPull),
      push_mb_per_s: round(mb / push),
      daemon_peak_rss_after_push_mb: round(afterPush),
    };
  } finally {
    await daemon.stop();
  }
}

if (import.meta.main) console.log(await benchImageTransfer());
