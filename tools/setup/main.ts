/**
 * @module
 * Sets up named setups without running tests (what the `setup_*.sh` wrappers call):
 *
 *     deno run --allow-all tools/setup/main.ts registry wasm
 *
 * With no name it lists the setups. `deno task test` sets up what its suites need by itself.
 */

import { SETUPS } from "./catalogue.ts";
import { realContext } from "./context.ts";
import { ensureSetups, SetupBlocked } from "./ensure.ts";
import { wantedOf } from "./wanted.ts";

if (import.meta.main) {
  if (!Deno.args.length) {
    for (const [name, setup] of Object.entries(SETUPS)) console.log(`${name}: ${setup.about}`);
    Deno.exit(0);
  }
  try {
    const ctx = realContext();
    const env = await ensureSetups(ctx, wantedOf(Deno.args), {
      uid: Deno.uid(),
      log: console.error,
    });
    // What the suites are given, for running one by hand.
    for (const [name, value] of Object.entries(env)) console.log(`export ${name}=${value}`);
  } catch (err) {
    const text = err instanceof Error ? err.message : String(err);
    console.error(err instanceof SetupBlocked ? `set-up: ${text}` : `set-up failed: ${text}`);
    Deno.exit(1);
  }
}
