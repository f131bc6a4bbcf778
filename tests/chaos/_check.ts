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
  const violations: string[] = [];
  const checks = { checkDataRoot, checkContainers, checkImages, checkVolumes, checkNetworks };
  for (const [name, check] of Object.entries(checks)) {
    const started = performance.now();
    violations.push(...await check(cc));
    cc.model.count(`${name}Ms`, Math.round(performance.now() - started));
  }
  return violations;
}
