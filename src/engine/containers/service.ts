/**
 * @module
 * The Container capability of the engine: the index of containers and the operations on them
 * (their processes and files are the runtime's). Running, stopping and restarting are in `lifecycle.ts`; reading and writing files
 * and streams are in `io.ts`.
 */

import type { Types } from "../../../generated/docker/mod.ts";
import type { FilterMap } from "./backend.ts";
import type { ContainerRecord } from "./record.ts";
import { type ContainerStateData, createdState } from "./record.ts";
import { checkRestartPolicy, commandLine, resolveConfig } from "./resolve.ts";
import { inspectView, summaryView, type ViewExtras } from "./views.ts";
import { conflict, DockerError, invalidParameter, notFound } from "../errors.ts";
import type { EventBus } from "../events.ts";
import { checkContainerName, newId, randomName } from "../ids.ts";
import { ObjectIndex } from "../object_index.ts";
import type { ImageStore } from "../images/store.ts";
import { EngineContainer, type NetworkRequest } from "./container.ts";
import { matchesContainer } from "./filters.ts";
import {
  type LifecycleHost,
  publish,
  signalNumber,
  startContainer,
  stopContainer,
} from "./lifecycle.ts";
import { resolveMounts } from "./mounts.ts";
import { bindsWithVolumesFrom } from "./volumes_from.ts";
import { refusePortPublishing } from "./ports.ts";
import { checkLogDriver } from "./log_driver.ts";
import { checkImagePlatform } from "../images/platform.ts";
import type { MemoryNetworks, NetworkPlan } from "../networks/service.ts";
import { parseExtraHost } from "../networks/hosts.ts";
import type { VolumeStore } from "../volumes/store.ts";
import type { Runtime } from "../../../sandbox/runtime.ts";
import { containerSpec, keptMount, rootfsOf } from "./runtime_spec.ts";
import { ContainerSaver } from "./saving.ts";
import { type ContainerStore, logSinkOf, memoryOnlyStore } from "./store.ts";

type CreateBody = Types.ContainerConfig & {
  HostConfig?: Types.HostConfig;
  NetworkingConfig?: Types.NetworkingConfig;
};

/** What the containers are made with. */
export interface ContainerServiceParts {
  events: EventBus;
  images: ImageStore;
  volumes: VolumeStore;
  networks: MemoryNetworks;
  /** Where their processes run. */
  runtime: Runtime;
  /** Where they are kept (memory only when absent). */
  store?: ContainerStore;
}

/** The engine's containers. */
export class MemoryContainerService implements LifecycleHost {
  readonly index = new ObjectIndex<EngineContainer>("container");
  readonly #removed = new Map<string, Set<(code: number) => void>>();
  readonly saver: ContainerSaver;
  readonly events: EventBus;
  readonly images: ImageStore;
  readonly volumes: VolumeStore;
  readonly networks: MemoryNetworks;
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

  #uniqueName(): string {
    for (let i = 0; i < 100; i++) {
      const name = randomName() + (i > 10 ? String(i) : "");
      if (!this.index.find(name)) return name;
    }
    return newId().slice(0, 16);
  }

  async create(
    name: string | undefined,
    body: CreateBody,
    options: { platform?: string } = {},
  ): Promise<{ Id: string; Warnings: string[] }> {
    if (!body || typeof body !== "object") {
      throw invalidParameter("config cannot be empty in order to create a container");
    }
    if (!body.Image) throw invalidParameter("no image specified in container config");
    const image = this.images.get(body.Image);
    checkImagePlatform(image, body.Image, options.platform);
    const hostConfig: Types.HostConfig = body.HostConfig ?? {};
    checkRestartPolicy(hostConfig);
    checkLogDriver(hostConfig.LogConfig?.Type);
    // A given name fails fast; a generated one is picked after the awaits below, right before
    // the synchronous add, so concurrent creates cannot pick the same one.
    const wanted = name ? checkContainerName(name) : undefined;
    if (wanted) this.index.checkNameFree(wanted);
    const { HostConfig: _h, NetworkingConfig: _n, ...requested } = body;
    const config = resolveConfig(requested, image.config);
    refusePortPublishing(hostConfig, config.ExposedPorts);
    const [path, ...args] = commandLine(config);
    const id = newId();
    config.Hostname = config.Hostname || this.#defaultHostname(hostConfig.NetworkMode, id);
    // A malformed extra host is a 400 before anything is made.
    for (const spec of hostConfig.ExtraHosts ?? []) parseExtraHost(spec);
    const networkRequest: NetworkRequest = {
      mode: hostConfig.NetworkMode,
      endpoints: body.NetworkingConfig?.EndpointsConfig ?? undefined,
    };
    const networks = this.#planAtCreate(networkRequest);
    const mountsOf = (ref: string) => this.index.get(ref).mountViews;
    const { mounts, views } = await resolveMounts(
      { ...hostConfig, Binds: bindsWithVolumesFrom(hostConfig, mountsOf) },
      config.Volumes,
      this.volumes,
      id,
    );
    const spec = containerSpec(rootfsOf(image, body.Image), config, hostConfig, mounts);
    const instance = await this.runtime.createContainer(spec).catch(async (err) => {
      await this.volumes.release(id, true);
      throw err;
    });
    const record: ContainerRecord = {
      id,
      name: "",
      created: new Date().toISOString(),
      imageName: body.Image,
      imageId: image.id,
      path,
      args,
      config,
      hostConfig: withHostDefaults(hostConfig),
      state: createdState(),
      restartCount: 0,
      execIds: new Set(),
      stoppedByUser: false,
    };
    const sink = logSinkOf(this.store, id, record.hostConfig.LogConfig?.Type);
    const c = new EngineContainer(record, instance, sink);
    c.name = wanted ?? this.#uniqueName();
    c.mounts = mounts.map(keptMount);
    c.mountViews = views;
    this.adopt(c);
    const announceEndpoints = networks ? this.networks.attach(c, networks) : () => {};
    if (!networks) c.pendingNetworks = networkRequest;
    await this.networks.refreshHosts(c);
    // What creation wrote to the layer is written again when the container is rebuilt.
    c.savedGeneration = instance.layerGeneration();
    await this.save(c).catch(async (err) => {
      await this.#destroy(c, true, false);
      throw err;
    });
    // Announced once durable; the create event first, as the connect events name the container.
    publish(this, c, "create");
    announceEndpoints();
    return { Id: id, Warnings: [] };
  }

  /** Indexes a container (new or recovered) and follows its runs. */
  adopt(c: EngineContainer): void {
    this.index.add(c);
    c.onExit(() => this.#afterRun(c));
  }

  /**
   * The hostname a container gets without `--hostname`: its short id, the host's on the host
   * network, and the joined container's with `--network container:<ref>` (their UTS namespace
   * is shared in dockerd).
   */
  #defaultHostname(mode: string | undefined, id: string): string {
    if (mode === "host") return Deno.hostname();
    const joined = mode?.startsWith("container:") ? this.index.find(mode.slice(10)) : undefined;
    return joined?.config.Hostname || id.slice(0, 12);
  }

  /**
   * The networks of a create request, or undefined when one does not exist (yet): dockerd
   * accepts that at create and fails the start with its 404 (a 404 at create would also make
   * the docker CLI pull the image, as if the image were missing).
   */
  #planAtCreate(request: NetworkRequest): NetworkPlan | undefined {
    try {
      return this.networks.plan(request.mode, request.endpoints);
    } catch (err) {
      if (err instanceof DockerError && err.kind === "NotFound") return undefined;
      throw err;
    }
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

  wait(
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
      const exited = new Promise<void>((resolve) => c.onExit(() => resolve()));
      publish(this, c, "kill", { signal: "9" });
      await c.process!.signal("KILL");
      await exited;
    }
    await this.#destroy(c, options.volumes);
  }

  autoRemove(c: EngineContainer): Promise<void> {
    return this.#destroy(c, true);
  }

  async #destroy(c: EngineContainer, removeVolumes = false, announce = true): Promise<void> {
    if (this.index.find(c.id) !== c) return;
    c.state = { ...c.state, Status: "removing" };
    this.index.delete(c);
    await this.saver.forget(c);
    await this.networks.detachAll(c);
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

/**
 * Clients send unset lists as `null` (the docker CLI's Go nil slices); the spec types them as
 * non-null, so an unset field is left out rather than echoed back as `null` by inspect.
 */
function withoutNulls<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null)) as T;
}

/** dockerd fills these in; clients such as docker-py read them back from inspect. */
function withHostDefaults(given: Types.HostConfig): Types.HostConfig {
  const hostConfig = withoutNulls(given);
  return {
    NetworkMode: "bridge",
    RestartPolicy: { Name: "no", MaximumRetryCount: 0 },
    ...hostConfig,
    // An empty mode means the daemon's default: private on cgroup v2 hosts.
    CgroupnsMode: hostConfig.CgroupnsMode || "private",
    // An empty driver means the daemon's default one (dockerd's mergeAndVerifyLogConfig).
    LogConfig: {
      Type: hostConfig.LogConfig?.Type || "json-file",
      Config: hostConfig.LogConfig?.Config ?? {},
    },
  };
}
