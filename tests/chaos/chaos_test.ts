/**
 * Issue #8, crash-only persistence: the chaos harness. A mixed workload through the docker CLI
 * and the raw API (runs, execs, cp, builds, pulls from a real local registry, volume writes,
 * networks) runs against a real daemon process on one data root, which is SIGKILLed at random
 * moments — sometimes while it is still recovering — at least `SOCKERLESS_CHAOS_KILLS` (100)
 * times. After each kill the daemon is restarted and every invariant is checked: acknowledged
 * containers, images, volumes and networks exist and are consistent, no partial image or layer
 * is listed, logs hold every acknowledged line, containers running at the kill came back exited
 * 137 with a die event (or running, by policy), the events history keeps what it listed, no
 * temporary data survives a start, and the lock names the daemon; restart times are reported
 * (a restart that hangs fails at start()'s deadline). The seed is printed; `SOCKERLESS_CHAOS_SEED=<n>` replays the same choices.
 */

import { type DaemonPlace, DaemonProcess, tail } from "./_daemon.ts";
import { setUpFixtures } from "./_fixtures.ts";
import type { Harness } from "./_harness.ts";
import { Rng } from "./_rng.ts";
import { emptyStartMs, startHarness } from "./_setup.ts";

const env = (name: string) => Deno.env.get(name);
const SEED = Number(env("SOCKERLESS_CHAOS_SEED") ?? Math.floor(Math.random() * 2 ** 31));
const KILLS = Number(env("SOCKERLESS_CHAOS_KILLS") ?? 100);
const WORKERS = Number(env("SOCKERLESS_CHAOS_WORKERS") ?? 3);
/** A second daemon on a data root in use must refuse to start, naming the holder's pid. */
async function secondDaemonRefused(main: DaemonPlace, holder: number): Promise<string[]> {
  const other = { ...main, socket: `${main.socket}.2`, logFile: `${main.logFile}.2` };
  const d = await DaemonProcess.spawn(other);
  const status = await Promise.race([
    d.status,
    new Promise<undefined>((r) => setTimeout(() => r(undefined), 15_000)),
  ]);
  await d.kill();
  const said = await tail(other.logFile, 2000);
  if (!status) return ["a second daemon on the same data root was still running after 15 s"];
  if (status.success) return ["a second daemon on the same data root exited 0"];
  if (!said.includes("in use") || !said.includes(String(holder))) {
    return [`a second daemon refused without naming the data root's holder pid ${holder}: ${said}`];
  }
  return [];
}

Deno.test({
  name: `chaos: ${KILLS} SIGKILLs of the daemon under a mixed workload, invariants after each`,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    console.log(`chaos seed ${SEED} (replay: SOCKERLESS_CHAOS_SEED=${SEED}), ${KILLS} kills`);
    const started = performance.now();
    const dir = await Deno.makeTempDir({ prefix: "sockerless-chaos-" });
    const fixtures = await setUpFixtures(new Rng(SEED), WORKERS, 3);
    let passed = false;
    let harness: Harness | undefined;
    try {
      await emptyStartMs(dir); // warms the module cache
      const normal = await emptyStartMs(dir);
      const h = harness = await startHarness({
        dir,
        seed: SEED,
        workers: WORKERS,
        fixtures,
      });
      const refused = await secondDaemonRefused(h.place, h.pidOfDaemon);
      if (refused.length) throw new Error(`lock: ${refused.join("; ")}`);
      let cycle = 0;
      while (true) {
        const rng = Rng.derive(SEED, cycle, 0);
        await h.workload(cycle, rng.int(40, 400), rng.chance(0.4));
        // Some kills land while the next daemon loads or recovers (before or just after `_ping`).
        if (h.kills < KILLS && rng.chance(0.25)) {
          await h.killDuringStart(rng.int(0, 2 * normal));
        }
        await h.restartAndCheck(`cycle ${cycle}`);
        cycle++;
        if (h.kills >= KILLS) break;
      }
      const figures = h.figures(cycle);
      const seconds = Math.round((performance.now() - started) / 100) / 10;
      console.log(
        JSON.stringify({
          chaos: "done",
          seed: SEED,
          normalStartMs: Math.round(normal),
          wallSeconds: seconds,
          ...figures,
        }),
      );
      passed = true;
    } finally {
      await harness?.stop();
      await fixtures.registry.stop();
      if (passed && !env("SOCKERLESS_CHAOS_KEEP")) await Deno.remove(dir, { recursive: true });
      else console.log(`chaos: work folder (data root, daemon log) kept at ${dir}`);
    }
  },
});
