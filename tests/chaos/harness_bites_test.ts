/**
 * The chaos harness is not vacuous: against a "daemon" whose crash loses acknowledged state (the
 * test wipes the data root after the SIGKILL, as a daemon that never wrote anything would
 * leave it), the check after the restart reports what was lost; on an intact data root the same
 * steps pass.
 */

import { assert, assertRejects } from "../_helpers/assert.ts";
import { setUpFixtures } from "./_fixtures.ts";
import { ChaosViolation, type Harness } from "./_harness.ts";
import { Rng } from "./_rng.ts";
import { startHarness } from "./_setup.ts";

async function withHarness(run: (h: Harness) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "sockerless-chaos-bites-" });
  const fixtures = await setUpFixtures(new Rng(7), 1, 1);
  let h: Harness | undefined;
  try {
    h = await startHarness({
      dir,
      seed: 7,
      workers: 1,
      fixtures,
    });
    await run(h);
  } finally {
    await h?.stop();
    await fixtures.registry.stop();
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test({
  name:
    "chaos harness: a restart that lost acknowledged state fails the check; an intact one passes",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    await t.step("intact data root: two kills, no violation", async () => {
      await withHarness(async (h) => {
        for (let cycle = 0; cycle < 2; cycle++) {
          await h.workload(cycle, 600, false);
          await h.restartAndCheck(`cycle ${cycle}`);
        }
        // Each check held the daemon at least to the acknowledged base image.
        const { imageRefs } = h.figures(2).checked;
        assert(imageRefs >= 2, `image references checked: ${imageRefs}`);
      });
    });
    await t.step("data root wiped after the kill (all but the lock): violations", async () => {
      await withHarness(async (h) => {
        await h.workload(0, 600, false);
        for await (const entry of Deno.readDir(h.place.dataRoot)) {
          if (entry.name === "sockerless.pid") continue;
          await Deno.remove(`${h.place.dataRoot}/${entry.name}`, { recursive: true });
        }
        const err = await assertRejects(
          () => h.restartAndCheck("cycle 0"),
          "image alpine: acknowledged but gone",
        );
        assert(err instanceof ChaosViolation, `a ChaosViolation, got ${err}`);
        assert(String(err).includes("replay with SOCKERLESS_CHAOS_SEED=7"), String(err));
      });
    });
  },
});
