/**
 * @module
 * Turns setup names into what `ensureSetups` takes, refusing a name the catalogue lacks.
 */

import { type SetupName, SETUPS } from "./catalogue.ts";
import type { Requirement } from "./requirement.ts";

/** True when `name` is a setup of the catalogue. */
export function isSetupName(name: string): name is SetupName {
  return Object.hasOwn(SETUPS, name);
}

/** Setup name → its requirements, in the catalogue's order. */
export function wantedOf(names: Iterable<string>): Map<string, readonly Requirement[]> {
  const wanted = new Set(names);
  for (const name of wanted) {
    if (!isSetupName(name)) {
      throw new Error(`no setup named ${name}; there are: ${Object.keys(SETUPS).join(", ")}`);
    }
  }
  const out = new Map<string, readonly Requirement[]>();
  for (const [name, setup] of Object.entries(SETUPS)) {
    if (wanted.has(name)) out.set(name, setup.needs);
  }
  return out;
}
