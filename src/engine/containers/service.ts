/**
 * @module
 * The Container capability of the engine: the index of containers and the operations on them
 * (their processes and files are the runtime's). Running, stopping and restarting are in `lifecycle.ts`; reading and writing files
 * and streams are in `io.ts`.
 */

import type { Types } from "../../../generated/docker/mod.ts";
import type { Runtime } from "../../../sandbox/runtime.ts";
import type { ContainerWaiter, FilterMap } from "./backend.ts";
import type { ContainerStateData } from "./record.ts";
import { checkRestartPolicy } from "./resolve.ts";
import { inspectView, summaryView, type ViewExtras } from "./views.ts";
import { conflict, DockerError, invalidParameter, notFound } from "../errors.ts";
import type { EventBus } from "../events.ts";
import { checkContainerName } from "../ids.ts";
import { ObjectIndex } from "../object_index.ts";
import type { ImageStore } from "../images/store.ts";
import type { EngineContainer } from "./container.ts";
import { matchesContainer } from "./filters.ts";
import {
  type LifecycleHost,
  signalAndAwaitExit,
  signalNumber,
  startContainer,
  stopContainer,
} from "./lifecycle.ts";
import { publish } from "./container_events.ts";
import type { EngineNetworks } from "../networks/service.ts";
import type { VolumeStore } from "../volumes/store.ts";
import { type CreateBody, createContainer, withoutNulls } from "./create.ts";
import { ContainerSaver } from "./saving.ts";
import { type ContainerStore, memoryOnlyStore } from "./store.ts";

/** What the containers are made with. */
export interface ContainerServiceParts {
  events: EventBus;
  images: ImageStore;
  volumes: VolumeStore;
  networks: EngineNetworks;
  /** Where their processes run. */
  runtime: Runtime;
  /** Where they are kept (memory only when absent). */
  store?: ContainerStore;
}

/** The engine's containers. */
export class ContainerService implements LifecycleHost {
  readonly index = new ObjectIndex<EngineContainer>("container");
  readonly #removed = new Map<string, Set<(code: number) => void>>();
  readonly saver: ContainerSaver;
  readonly events: EventBus;
  readonly images: ImageStore;
  readonly volumes: VolumeStore;
  readonly networks: EngineNetworks;
  readonly runtime: Runtime;
  readonly store: ContainerStore;

  constructor(parts: ContainerServiceParts) {
    this.events = parts.events;
    this.images = parts.images;
    this.volumes = parts.volumes;
    this.networks = parts.networks;
    this.runtime = parts.runtime;
    this.store = parts.store ?? memoryOnlyStore;
    this.saver = new ContainerSaver(this.store, (c) => this.networks.savedEndpoints(c.id));
  }

  /** Saves the container of `id`, if it exists (its endpoints changed). */
  saveById(id: string): Promise<void> {
    const c = this.index.find(id);
    return c ? this.save(c) : Promise.resolve();
  }

  save(c: EngineContainer, withLayer = false, state?: ContainerStateData): Promise<void> {
    return this.saver.save(c, withLayer, state);
  }

  create(
    name: string | undefined,
    body: CreateBody,
    options: { platform?: string } = {},
  ): Promise<{ Id: string; Warnings: string[] }> {
    return createContainer(this, name, body, options);
  }

  /** Indexes a container (new or recovered) and follows its runs. */
  adopt(c: EngineContainer): void {
    this.index.add(c);
    c.onExit(() => this.#afterRun(c));
  }

  /** Volume mount events and `/etc/hosts` of the container and its peers, before a run. */
  async beforeStart(c: EngineContainer): Promise<void> {
    const pending = c.pendingNetworks;
    if (pending) {
      this.networks.attach(c, this.networks.plan(pending.mode, pending.endpoints))();
      c.pendingNetworks = undefined;
      await this.networks.refreshHosts(c);
    }
    for (const m of c.mountViews) {
      if (m.Type !== "volume" || !m.Name) continue;
      const v = this.volumes.find(m.Name);
      if (!v) continue;
      this.volumes.publish(v, "mount", {
        container: c.id,
        destination: m.Destination,
        propagation: m.Propagation,
        "read/write": String(m.RW),
      });
    }
    await this.networks.setRunning(c, true);
  }

  #afterRun(c: EngineContainer): void {
    for (const m of c.mountViews) {
      if (m.Type !== "volume" || !m.Name) continue;
      const v = this.volumes.find(m.Name);
      if (v) this.volumes.publish(v, "unmount", { container: c.id });
    }
    this.networks.setRunning(c, false).catch(() => {});
  }

  async extras(c: EngineContainer, size = false): Promise<ViewExtras> {
    return {
      driver: "memory",
      networks: this.networks.settingsOf(c),
      mounts: c.mountViews,
      ...(size ? await this.#sizes(c) : {}),
    };
  }

  /** dockerd's sizes: bytes of the writable layer, and of the whole rootfs (image + layer). */
  async #sizes(c: EngineContainer): Promise<{ sizeRw: number; sizeRootFs: number }> {
    const rw = await c.runtimeContainer.changedBytes();
    return { sizeRw: rw, sizeRootFs: (this.images.find(c.imageId)?.size ?? 0) + rw };
  }

  /** The networks (names and ids) and volumes (names and destinations) of `docker ps` filters. */
  #related(c: EngineContainer): { networks: string[]; volumes: string[] } {
    return {
      networks: this.networks.networksOf(c).flatMap((n) => [n.name, n.id]),
      volumes: c.mountViews.flatMap((m) => [m.Name ?? m.Source, m.Destination]),
    };
  }

  async list(options: { all: boolean; limit?: number; size: boolean; filters: FilterMap }) {
    // Starts and exits being saved are listed once durable (a few ms), as inspect shows them.
    const settling = [...this.index.values()].filter((c) => c.settling);
    if (settling.length > 0) await Promise.all(settling.map((c) => c.stateSettled()));
    let found = [...this.index.values()].reverse()
      .filter((c) => options.all || c.state.Running)
      .filter((c) => matchesContainer(this.index, c, options.filters, false, this.#related(c)));
    if (options.limit !== undefined && options.limit > 0) found = found.slice(0, options.limit);
    return await Promise.all(
      found.map(async (c) => summaryView(c, await this.extras(c, options.size))),
    );
  }

  async inspect(ref: string, size: boolean) {
    const c = this.index.get(ref);
    // A start or exit being saved is shown a few ms later, once durable.
    if (c.settling) await c.stateSettled();
    return inspectView(c, await this.extras(c, size));
  }

  async start(ref: string): Promise<void> {
    const c = this.index.get(ref);
    try {
      await startContainer(this, c);
    } catch (err) {
      if (c.hostConfig.AutoRemove && !(err instanceof DockerError && err.kind === "NotModified")) {
        await this.#destroy(c, true);
      }
      throw err;
    }
  }

  async stop(ref: string, options: { timeout?: number; signal?: string }): Promise<void> {
    const c = this.index.get(ref);
    if (options.signal) signalNumber(options.signal);
    if (!(await stopContainer(this, c, options))) {
      throw new DockerError("NotModified", "container already stopped");
    }
  }

  async restart(ref: string, options: { timeout?: number; signal?: string }): Promise<void> {
    const c = this.index.get(ref);
    c.restartingByHand = true;
    try {
      await stopContainer(this, c, options);
    } finally {
      c.restartingByHand = false;
    }
    await startContainer(this, c);
    publish(this, c, "restart");
  }

  kill(ref: string, signal = "SIGKILL"): Promise<void> {
    const c = this.index.get(ref);
    const number = signalNumber(signal);
    if (!c.process) {
      throw conflict(`cannot kill container: ${ref}: container ${c.id} is not running`);
    }
    c.stoppedByUser = true;
    publish(this, c, "kill", { signal: number });
    return c.process.signal(signal);
  }

  /** Resolves once the waiter is registered; NotFound for an unknown container. */
  wait(
    ref: string,
    condition: "not-running" | "next-exit" | "removed",
    signal: AbortSignal,
  ): Promise<ContainerWaiter> {
    return Promise.try(() => ({ result: this.#waitFor(ref, condition, signal) }));
  }

  #waitFor(
    ref: string,
    condition: "not-running" | "next-exit" | "removed",
    signal: AbortSignal,
  ): Promise<{ StatusCode: number }> {
    const c = this.index.get(ref);
    if (condition === "not-running" && !c.running && !c.state.Restarting) {
      // A run that has just ended is answered once its exit is saved, never before.
      return c.exitSettled().then(() => ({ StatusCode: c.state.ExitCode }));
    }
    return new Promise((resolve, reject) => {
      let off: () => void;
      if (condition === "removed") {
        const waiters = this.#removed.get(c.id) ?? new Set();
        const waiter = (code: number) => resolve({ StatusCode: code });
        waiters.add(waiter);
        this.#removed.set(c.id, waiters);
        off = () => waiters.delete(waiter);
      } else {
        off = c.onExit((end) => {
          off();
          resolve({ StatusCode: end.exitCode });
        });
      }
      signal.addEventListener("abort", () => {
        off();
        reject(new DockerError("Unavailable", "client went away"));
      }, { once: true });
    });
  }

  async remove(ref: string, options: { force: boolean; volumes: boolean; link: boolean }) {
    const c = this.index.get(ref);
    if (options.link) throw invalidParameter("legacy links are not supported");
    if (c.running && !options.force) {
      throw conflict(
        `cannot remove container "/${c.name}": container is running: stop the container before removing or force remove`,
      );
    }
    if (c.running) {
      c.stoppedByUser = true;
      await await signalAndAwaitExit(this, c, c.process!, "KILL");
    }
    await this.#destroy(c, options.volumes);
  }

  autoRemove(c: EngineContainer): Promise<void> {
    return this.#destroy(c, true);
  }

  /** Removes a container whose create failed, silently (no event: nobody heard of it). */
  discard(c: EngineContainer): Promise<void> {
    return this.#destroy(c, true, false);
  }

  async #destroy(c: EngineContainer, removeVolumes = false, announce = true): Promise<void> {
    if (this.index.find(c.id) !== c) return;
    c.state = { ...c.state, Status: "removing" };
    this.index.delete(c);
    await this.saver.forget(c);
    await this.networks.detachAll(c);
    // What the runtime holds for it (exec processes still running, its files) goes first.
    await c.runtimeContainer.destroy(0).catch((err) =>
      console.error(`sockerless: freeing container ${c.id} failed:`, err)
    );
    await this.volumes.release(c.id, removeVolumes);
    c.state.Restarting = false;
    c.stoppedByUser = true;
    if (!announce) return;
    publish(this, c, "destroy");
    for (const waiter of this.#removed.get(c.id) ?? []) waiter(c.state.ExitCode);
    this.#removed.delete(c.id);
  }

  async rename(ref: string, name: string): Promise<void> {
    const c = this.index.get(ref);
    const newName = checkContainerName(name);
    const oldName = c.name;
    if (newName === oldName) {
      throw invalidParameter("Renaming a container with the same name as its current name");
    }
    this.index.rename(c, newName);
    await this.save(c);
    publish(this, c, "rename", { oldName: `/${oldName}` });
    await this.networks.refreshAround(c);
  }

  async prune(
    filters: FilterMap,
  ): Promise<{ ContainersDeleted: string[]; SpaceReclaimed: number }> {
    const deleted: string[] = [];
    let space = 0;
    for (const c of [...this.index.values()]) {
      if (c.running || c.state.Restarting || !matchesContainer(this.index, c, filters, true)) {
        continue;
      }
      await c.logs.ready(); // a recovered container's log is read on first need
      space += c.logs.size;
      await this.#destroy(c);
      deleted.push(c.id);
    }
    this.events.publish({
      Type: "container",
      Action: "prune",
      id: "",
      attributes: { reclaimed: String(space) },
    });
    return { ContainersDeleted: deleted, SpaceReclaimed: space };
  }

  async update(ref: string, body: Types.Resources & { RestartPolicy?: Types.RestartPolicy }) {
    const c = this.index.get(ref);
    if (body.RestartPolicy) {
      const next = { ...c.hostConfig, RestartPolicy: body.RestartPolicy };
      checkRestartPolicy(next);
      c.hostConfig = next;
    }
    const { RestartPolicy: _r, ...resources } = body;
    c.hostConfig = { ...c.hostConfig, ...withoutNulls(resources) };
    await this.save(c);
    publish(this, c, "update");
    return { Warnings: [] as string[] };
  }

  resize(ref: string, _height: number, _width: number): Promise<void> {
    const c = this.index.get(ref);
    if (!c.running) throw conflict(`cannot resize container ${c.id}: container is not running`);
    return Promise.resolve();
  }

  async pause(ref: string): Promise<void> {
    const c = this.index.get(ref);
    if (!c.running) throw conflict(`container ${c.id} is not running`);
    if (c.state.Paused) throw conflict(`container ${c.id} is already paused`);
    const instance = c.runtimeContainer;
    if (!this.runtime.capabilities.pause || !instance.pause) {
      throw new DockerError(
        "NotImplemented",
        `ContainerPause is not implemented by the ${this.runtime.name} runtime`,
      );
    }
    await instance.pause();
    c.state = { ...c.state, Status: "paused", Paused: true };
    publish(this, c, "pause");
    await this.save(c);
  }

  async unpause(ref: string): Promise<void> {
    const c = this.index.get(ref);
    if (!c.state.Paused) throw conflict(`container ${c.id} is not paused`);
    await c.runtimeContainer.resume?.();
    c.state = { ...c.state, Status: c.running ? "running" : "exited", Paused: false };
    publish(this, c, "unpause");
    await this.save(c);
  }

  /** Number of containers by state, for `/info`. */
  counts(): { running: number; paused: number; stopped: number } {
    const all = [...this.index.values()];
    const paused = all.filter((c) => c.state.Paused).length;
    const running = all.filter((c) => c.state.Running && !c.state.Paused).length;
    return { running, paused, stopped: all.length - running - paused };
  }

  /** Throws 404 for an unknown container (used by operations that need it to exist). */
  get(ref: string): EngineContainer {
    const c = this.index.find(ref);
    if (!c) throw notFound(`No such container: ${ref}`);
    return c;
  }
}
