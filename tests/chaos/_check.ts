/**
 * @module
 * All invariants after a restart, in one call: data root, containers, images, volumes and
 * networks. Each check also adopts what was in doubt, so the model is exact again afterwards.
 */

import type { CheckContext } from "./_check_context.ts";
import { checkContainers } from "./_check_containers.ts";
import { checkImages } from "./_check_images.ts";
import { checkDataRoot, checkNetworks, checkVolumes } from "./_check_objects.ts";

/** Runs every check; answers the violations (empty when the daemon kept its word). */
export async function checkInvariants(cc: CheckContext): Promise<string[]> {
  const timed = async (name: string, check: (cc: CheckContext) => Promise<string[]>) => {
    const started = performance.now();
    const found = await check(cc);
    cc.model.count(`${name}Ms`, Math.round(performance.now() - started));
    return found;
  };
  // Containers first: that check removes containers nobody acknowledged, and the volume check
  // makes a probe container of its own. The rest read independent things side by side.
  const first = await Promise.all([
    timed("checkDataRoot", checkDataRoot),
    timed("checkContainers", checkContainers),
  ]);
  const then = await Promise.all([
    timed("checkImages", checkImages),
    timed("checkVolumes", checkVolumes),
    timed("checkNetworks", checkNetworks),
  ]);
  return [...first, ...then].flat();
}
