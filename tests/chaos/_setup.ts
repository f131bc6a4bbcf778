/**
 * @module
 * Setting up a chaos run: its folders (data root, socket, daemon log), the empty-root start time
 * (kills during a start are timed by it), and a harness whose daemon is started with the base image
 * pulled and acknowledged.
 */

import { type DaemonPlace, DaemonProcess } from "./_daemon.ts";
import type { Fixtures } from "./_fixtures.ts";
import { Harness } from "./_harness.ts";

/** The folders of one daemon under `dir`. */
export async function place(dir: string, name: string): Promise<DaemonPlace> {
  await Deno.mkdir(`${dir}/${name}`, { recursive: true });
  return {
    dataRoot: `${dir}/${name}/data`,
    socket: `${dir}/${name}/docker.sock`,
    logFile: `${dir}/${name}/daemon.log`,
  };
}

/** A start on a data root without containers, images or volumes: its time to `_ping`, in ms. */
export async function emptyStartMs(dir: string): Promise<number> {
  const empty = await place(dir, "empty");
  const since = performance.now();
  const d = await DaemonProcess.spawn(empty);
  const ms = await d.ready(empty.socket, since, 30_000);
  await d.kill();
  return ms;
}

/** What a run is made of. */
export interface RunSetup {
  dir: string;
  seed: number;
  workers: number;
  fixtures: Fixtures;
}

/** A harness with its daemon started on a fresh data root and alpine pulled (acknowledged). */
export async function startHarness(setup: RunSetup): Promise<Harness> {
  const { dir, workers } = setup;
  const main = await place(dir, "main");
  for (let w = 0; w < workers; w++) await Deno.mkdir(`${dir}/scratch/w${w}`, { recursive: true });
  await Deno.mkdir(`${dir}/docker-config`, { recursive: true });
  const harness = new Harness(
    {
      seed: setup.seed,
      workers,
    },
    main,
    setup.fixtures,
    `${dir}/scratch`,
    { DOCKER_HOST: `unix://${main.socket}`, DOCKER_CONFIG: `${dir}/docker-config` },
  );
  await harness.start();
  await harness.api.progress("POST", "/images/create?fromImage=alpine&tag=latest");
  harness.model.base.set("alpine", { ref: "alpine", exists: "yes" });
  return harness;
}
