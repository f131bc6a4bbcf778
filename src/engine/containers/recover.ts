/**
 * @module
 * Recovery at start, as dockerd does without live-restore: every container in the store comes
 * back with its config, log and writable layer; one that was running (or paused, or waiting to
 * restart) when the daemon died is marked exited with code 137 and a `die` event; then restart
 * policies apply (`always`, `unless-stopped` unless stopped by hand, `on-failure` after a
 * failure and within its retry count) to containers that had been started before, and
 * stopped AutoRemove containers that no policy restarts are removed.
 */

import type { MountSpec, RuntimeContainer } from "../../../sandbox/runtime.ts";
import { DockerError } from "../errors.ts";
import { containerSpec, rootfsOf } from "./runtime_spec.ts";
import { type ContainerRecord, ZERO_TIME } from "./record.ts";
import { dataDir } from "../volumes/store.ts";
import { EngineContainer } from "./container.ts";
import { publish } from "./container_events.ts";
import { shouldRestart, startContainer } from "./lifecycle.ts";
import type { ContainerService } from "./service.ts";
import { logSinkOf, type SavedContainer, type StoredContainer } from "./store.ts";

/** What recovery did, for the daemon's start message. */
export interface RecoveryReport {
  containers: number;
  died: number;
  restarted: number;
  removed: number;
}

/** Loads every stored container into `svc`, then applies restart policies (in background). */
export async function recoverContainers(svc: ContainerService): Promise<RecoveryReport> {
  const stored = (await svc.store.loadAll()).sort((a, b) =>
    a.saved.created < b.saved.created ? -1 : a.saved.created > b.saved.created ? 1 : 0
  );
  const report: RecoveryReport = { containers: 0, died: 0, restarted: 0, removed: 0 };
  const saves: Promise<void>[] = [];
  const restarts: EngineContainer[] = [];
  for (const s of stored) {
    const c = await rebuild(svc, s).catch((err) => {
      console.error(`sockerless: container ${s.saved.id} could not be recovered:`, err);
      return undefined;
    });
    if (!c) continue;
    report.containers++;
    const wasRunning = c.state.Running || c.state.Paused || c.state.Restarting;
    if (wasRunning) {
      died(svc, c);
      report.died++;
    }
    if (restartsAtBoot(c)) restarts.push(c);
    else if (c.hostConfig.AutoRemove) {
      saves.push(svc.autoRemove(c));
      report.removed++;
      continue;
    }
    if (wasRunning) saves.push(svc.save(c));
  }
  await Promise.all(saves);
  for (const c of restarts) {
    startContainer(svc, c).catch((err) =>
      console.error(`sockerless: restarting ${c.name} failed: ${err?.message ?? err}`)
    );
  }
  report.restarted = restarts.length;
  return report;
}

/** The container as it was saved, with its runtime container, log, layer, mounts and endpoints. */
async function rebuild(svc: ContainerService, s: StoredContainer): Promise<EngineContainer> {
  const saved = s.saved;
  const instance = await instanceOf(svc, saved, s.layer);
  const { v: _v, mounts, mountViews, endpoints, pendingNetworks, ...fields } = saved;
  const record: ContainerRecord = { ...fields, execIds: new Set() };
  const sink = logSinkOf(svc.store, saved.id, saved.hostConfig.LogConfig?.Type);
  const c = new EngineContainer(record, instance, sink);
  c.mounts = mounts;
  c.mountViews = mountViews;
  c.pendingNetworks = pendingNetworks;
  c.logs.loadLater(s.logs);
  c.savedGeneration = instance.layerGeneration();
  svc.adopt(c);
  for (const view of mountViews) {
    if (view.Type === "volume" && view.Name) svc.volumes.restoreUser(view.Name, c.id);
  }
  // `/etc/hosts` is written again at the next start, with the endpoints' addresses.
  svc.networks.restoreEndpoints(c, endpoints);
  return c;
}

async function instanceOf(
  svc: ContainerService,
  saved: SavedContainer,
  layer: Uint8Array | undefined,
): Promise<RuntimeContainer> {
  // A container outlives its image's removal (`rmi -f`); without it the files are just gone.
  const rootfs = rootfsOf(svc.images.forContainer(saved.imageId), saved.imageName);
  const mounts = saved.mounts.map((m, i) => volumeMount(svc, m, saved.mountViews[i]?.Name));
  const create = (m: MountSpec[], l: Uint8Array | undefined) =>
    svc.runtime.createContainer(containerSpec(rootfs, saved.config, saved.hostConfig, m, l));
  const withMounts = (l: Uint8Array | undefined) =>
    create(mounts, l).catch((err) => {
      if (isDamagedLayer(err)) throw err;
      // A bind source that went away must not make the container vanish: it loses the mount.
      console.error(`sockerless: container ${saved.id} recovered without its mounts:`, err);
      return create([], l);
    });
  return await withMounts(layer).catch(async (err) => {
    if (!layer || !isDamagedLayer(err)) throw err;
    // A torn or damaged layer file: the container comes back from its image alone.
    await svc.store.discardLayer(saved.id);
    return await withMounts(undefined);
  });
}

/** The runtime's refusal of a saved writable layer it cannot read. */
function isDamagedLayer(err: unknown): boolean {
  return err instanceof DockerError && err.kind === "InvalidParameter" &&
    err.message.includes("writable layer");
}

/** A volume mount points at the volume's data as it is now (the data root may have moved). */
function volumeMount(svc: ContainerService, m: MountSpec, name?: string): MountSpec {
  if (m.type !== "volume" || !name) return m;
  const v = svc.volumes.find(name);
  return v ? { ...m, source: dataDir(v) } : m;
}

/** Marks a container that was running when the daemon died as killed (137), with `die`. */
function died(svc: ContainerService, c: EngineContainer): void {
  c.state = {
    ...c.state,
    Status: "exited",
    Running: false,
    Paused: false,
    Restarting: false,
    Pid: 0,
    ExitCode: 137,
    FinishedAt: new Date().toISOString(),
  };
  publish(svc, c, "die", { exitCode: "137" });
}

/** dockerd's restart decision at daemon start (a manual stop only stands `unless-stopped` down). */
function restartsAtBoot(c: EngineContainer): boolean {
  if (c.state.StartedAt === ZERO_TIME) return false;
  const policy = c.hostConfig.RestartPolicy?.Name;
  if (policy === "unless-stopped" && c.stoppedByUser) return false;
  return shouldRestart(c, c.state.ExitCode);
}
