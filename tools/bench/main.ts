/**
 * @module
 * `deno task bench`: runs every benchmark and prints its figures as JSON, one object per
 * benchmark. `deno task bench -- startup ping` runs only the named ones. The docker CLI
 * benchmark compares with Podman when `../shared/peers/peers-up.sh` has started it.
 */

import { benchBuild } from "./build.ts";
import { benchContainerCycles } from "./container_cycles.ts";
import { benchDockerCli } from "./docker_cli.ts";
import { benchImageTransfer } from "./image_transfer.ts";
import { benchPersistence } from "./persistence.ts";
import { benchPingThroughput } from "./ping_throughput.ts";
import { benchRegistry } from "./registry.ts";
import { benchSandbox } from "./sandbox.ts";
import { benchStartup } from "./startup.ts";

type Figures = Record<string, number | string>;

/** Every benchmark by name. */
export const BENCHMARKS: Record<string, () => Promise<Figures>> = {
  startup: () => benchStartup(10),
  ping: () => benchPingThroughput(16, 5),
  cycles: () => benchContainerCycles(5),
  cli: () => benchDockerCli(20),
  sandbox: () => benchSandbox(),
  registry: () => benchRegistry(),
  transfer: () => benchImageTransfer(),
  build: () => benchBuild(),
  persistence: () => benchPersistence(5),
};

if (import.meta.main) {
  const wanted = Deno.args.filter((a) => a !== "--");
  const names = wanted.length ? wanted : Object.keys(BENCHMARKS);
  for (const name of names) {
    const run = BENCHMARKS[name];
    if (!run) {
      console.error(`unknown benchmark ${name}; known: ${Object.keys(BENCHMARKS).join(", ")}`);
      Deno.exit(2);
    }
    console.log(JSON.stringify({ benchmark: name, ...(await run()) }));
  }
}
