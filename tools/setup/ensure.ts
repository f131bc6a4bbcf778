/**
 * @module
 * Brings the machine to what the wanted setups need: plan (checks only), then, when everything
 * missing can be installed here, one apt-get call and the other installs, each checked again
 * afterwards. When something cannot be, it throws `SetupBlocked` listing what is missing and the
 * command that installs it, having changed nothing.
 */

import { aptAccess, aptCommand, aptInstall } from "./apt.ts";
import { aptPackages, makePlan, type Missing, type Plan } from "./plan.ts";
import type { Requirement, SetupContext } from "./requirement.ts";

/** The set-up cannot complete here; `message` says what is missing and what to run. */
export class SetupBlocked extends Error {}

/** Options of `ensureSetups`. */
export interface EnsureOptions {
  /** The user id (`Deno.uid()`): root runs apt-get itself. */
  uid: number | null;
  /** Progress lines. */
  log(line: string): void;
}

function who(m: Missing): string {
  return `${m.requirement.label}, for ${m.by.join(", ")}`;
}

function blockedMessage(plan: Plan, aptBlocked: string | undefined): string {
  const lines = ["the set-up cannot complete here, so no test was run. Missing:"];
  for (const m of plan.apt) lines.push(`  - ${who(m)}`);
  for (const m of plan.installs) lines.push(`  - ${who(m)} (the set-up does this itself after)`);
  for (const m of plan.manual) lines.push(`  - ${who(m)}: ${m.how}`);
  if (aptBlocked && plan.apt.length) {
    lines.push(`apt-get cannot run: ${aptBlocked}. Install the Debian packages with:`);
    lines.push(`  ${aptCommand(aptPackages(plan))}`);
    lines.push("then run the same command again.");
  }
  return lines.join("\n");
}

async function installChecked(ctx: SetupContext, m: Missing, how: () => Promise<void>) {
  await how();
  if (!(await m.requirement.present(ctx))) {
    throw new Error(`installed ${m.requirement.label}, but its check still finds it missing`);
  }
}

/** Ensures every requirement of `wanted`; returns the environment the suites get. */
export async function ensureSetups(
  ctx: SetupContext,
  wanted: ReadonlyMap<string, readonly Requirement[]>,
  options: EnsureOptions,
): Promise<Record<string, string>> {
  const started = performance.now();
  const plan = await makePlan(ctx, wanted);
  const missing = plan.apt.length + plan.installs.length + plan.manual.length;
  const access = plan.apt.length ? await aptAccess(ctx, options.uid) : { prefix: [] };
  const aptBlocked = "blocked" in access ? access.blocked : undefined;
  if (plan.manual.length || aptBlocked) throw new SetupBlocked(blockedMessage(plan, aptBlocked));
  if (missing && "prefix" in access) {
    const pkgs = aptPackages(plan);
    if (pkgs.length) {
      options.log(`set-up: apt-get install ${pkgs.join(" ")}`);
      const t = performance.now();
      await aptInstall(ctx, access, pkgs);
      for (const m of plan.apt) await installChecked(ctx, m, () => Promise.resolve());
      options.log(`set-up: Debian packages installed (${seconds(t)})`);
    }
    for (const m of plan.installs) {
      const t = performance.now();
      await installChecked(ctx, m, () => m.requirement.install!(ctx));
      options.log(`set-up: ${m.requirement.label}: done (${seconds(t)})`);
    }
  }
  const env: Record<string, string> = {};
  for (const reqs of wanted.values()) {
    for (const r of reqs) Object.assign(env, await r.env?.(ctx));
  }
  const setups = [...wanted.keys()].join(", ") || "none";
  options.log(
    `set-up: ${plan.checked.length - missing} of ${plan.checked.length} requirements were ` +
      `present, ${missing} installed (${setups}; ${seconds(started)})`,
  );
  return env;
}

function seconds(since: number): string {
  return `${((performance.now() - since) / 1000).toFixed(1)} s`;
}
