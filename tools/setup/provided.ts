/**
 * @module
 * Things no installer here can bring, which the set-up only checks, so their absence stops the
 * run with what to do rather than failing a suite halfway (the Docker Engine specs come with the
 * project's shared/ folder beside the clone).
 */

import { exists } from "./probes.ts";
import type { Requirement } from "./requirement.ts";

/** `path` (relative to the repo root, or absolute) must exist; `how` says how to get it. */
export function provided(path: string, what: string, how: string): Requirement {
  const abs = (root: string) => new URL(path, `file://${root}/`).pathname;
  return {
    id: `file:${path}`,
    label: `${what} (${path})`,
    present: async (ctx) => await exists(abs(ctx.root)),
    manual: (ctx) => `${abs(ctx.root)} is missing: ${how}`,
  };
}
