/**
 * @module
 * Checks every requirement of the wanted setups and sorts what is missing: Debian packages (one
 * apt-get call), other installs (after their prerequisites), and what only a person can bring.
 * Nothing is installed here, so a run that cannot complete its set-up stops before changing
 * anything.
 */

import type { Requirement, SetupContext } from "./requirement.ts";

/** A missing requirement and who needs it (setup names, or the requirement it is a tool of). */
export interface Missing {
  requirement: Requirement;
  by: string[];
}

/** What the set-up has to do. */
export interface Plan {
  /** Every requirement checked (present or not), with who needs it. */
  checked: Missing[];
  /** Debian packages to install. */
  apt: Missing[];
  /** Other requirements to install, each after its prerequisites. */
  installs: Missing[];
  /** Missing things nothing here installs, with how a person puts each in place. */
  manual: (Missing & { how: string })[];
}

/** Checks `wanted` (setup name → its requirements); shared requirements are checked once. */
export async function makePlan(
  ctx: SetupContext,
  wanted: ReadonlyMap<string, readonly Requirement[]>,
): Promise<Plan> {
  const plan: Plan = { checked: [], apt: [], installs: [], manual: [] };
  const byId = new Map<string, Missing>();
  // Top-level checks are independent: run them together (some run a short command).
  const tops = [...wanted].flatMap(([setup, reqs]) => reqs.map((r) => ({ r, setup })));
  const presence = new Map<string, Promise<boolean>>();
  for (const { r } of tops) if (!presence.has(r.id)) presence.set(r.id, r.present(ctx));

  async function visit(req: Requirement, by: string): Promise<void> {
    const known = byId.get(req.id);
    if (known) {
      if (!known.by.includes(by)) known.by.push(by);
      return;
    }
    const entry: Missing = { requirement: req, by: [by] };
    byId.set(req.id, entry);
    plan.checked.push(entry);
    if (await (presence.get(req.id) ?? req.present(ctx))) return;
    const how = req.manual?.(ctx);
    if (how !== undefined || (!req.apt && !req.install)) {
      plan.manual.push({ ...entry, how: how ?? `nothing here installs ${req.label}` });
    } else if (req.apt) {
      plan.apt.push(entry);
    } else {
      for (const tool of await req.prerequisites?.(ctx) ?? []) await visit(tool, req.label);
      plan.installs.push(entry);
    }
  }
  for (const { r, setup } of tops) await visit(r, setup);
  return plan;
}

/** The Debian packages of the plan, each once, sorted. */
export function aptPackages(plan: Plan): string[] {
  return [...new Set(plan.apt.flatMap((m) => m.requirement.apt ?? []))].sort();
}
