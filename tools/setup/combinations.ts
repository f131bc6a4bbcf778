/**
 * @module
 * The backend + runtime combinations the suites run on (DESIGN: one suite per capability, run
 * on every backend and runtime that claims it). The first runs every selected test file; each
 * other reruns the files that reach a backend (an in-process test app or an e2e daemon), with
 * the environment that makes `tests/_helpers/app.ts` and `tests/e2e/daemon.ts` choose it.
 */

/** One combination. */
export interface Combination {
  name: string;
  env: Record<string, string>;
  /** Every selected file, or only those reaching one of these modules. */
  reaching?: readonly string[];
}

/** Modules through which a test gets a backend to run containers on. */
const BACKEND_ENTRIES = ["tests/_helpers/app.ts", "tests/e2e/daemon.ts"];

/** The combinations, in run order. */
export const COMBINATIONS: readonly Combination[] = [
  { name: "memory+sandbox", env: {} },
  {
    name: "memory+sandbox through the agent",
    env: { SOCKERLESS_TEST_RUNTIME: "agent" },
    reaching: BACKEND_ENTRIES,
  },
];

/** A path → marks table marking the entries of `combination` with its name. */
export function entryTable(combination: Combination): Record<string, readonly string[]> {
  return Object.fromEntries((combination.reaching ?? []).map((e) => [e, [combination.name]]));
}
