/**
 * @module
 * The engine's Network capability: the predefined `bridge`, `host` and `none`
 * networks, user-defined bridge networks with their address pools, container endpoints, and the
 * `/etc/hosts` files that give containers on a user-defined network each other's names. With a
 * data root, networks are saved (network_disk.ts) before create and remove answer; endpoints are
 * saved with their containers (`savedEndpoints`, `restoreEndpoints`).
 */

import type { Types } from "../../../generated/docker/mod.ts";
import { conflict, forbidden, invalidParameter, notFound } from "../errors.ts";
import type { EventBus } from "../events.ts";
import { newId } from "../ids.ts";
import type { NetworkBackend, NetworkCreateBody, NetworkFilters } from "./backend.ts";
import { ObjectIndex } from "../object_index.ts";
import type { EngineContainer } from "../containers/container.ts";
import { dnsNames, HostsFiles } from "./hosts_files.ts";
import { parseIp } from "./ipam.ts";
import { type Endpoint, EngineNetwork } from "./network.ts";
import { checkNetworkFilters, matchesNetwork } from "./filters.ts";
import { networkFromBody, PREDEFINED, predefinedNetworks } from "./create.ts";
import { type NetworkDisk, restoreEndpoints, savedEndpoints } from "./network_disk.ts";

/** How the network service finds containers and has them saved. */
export interface ContainerLookup {
  /** By id, name or unique prefix; dockerd's 404 otherwise. */
  get(ref: string): EngineContainer;
  find(id: string): EngineContainer | undefined;
  /**
   * Saves a container whose endpoints changed (awaited after connect and disconnect, so the
   * answer comes once its record is durable).
   */
  endpointsChanged(containerId: string): Promise<void>;
}

/** A network a container is to join, with its endpoint settings. */
export type NetworkPlan = { network: EngineNetwork; endpoint: Types.EndpointSettings }[];

/** The engine's networks. */
export class EngineNetworks implements NetworkBackend {
  readonly index = new ObjectIndex<EngineNetwork>("network");
  /** Containers whose run has begun and not ended. */
  readonly #live = new Set<string>();
  readonly #hosts: HostsFiles;
  #disk?: NetworkDisk;

  /** `containers` is called only after construction (the containers need the networks too). */
  constructor(readonly events: EventBus, readonly containers: ContainerLookup) {
    for (const n of predefinedNetworks()) this.index.add(n);
    this.#hosts = new HostsFiles({
      networksOf: (c) => this.networksOf(c),
      find: (id) => containers.find(id),
      isLive: (id) => this.#live.has(id),
    });
  }

  /** Loads the saved networks (the predefined ones keep their saved ids); saves from now on. */
  async load(disk: NetworkDisk): Promise<void> {
    const saved = await disk.loadAll();
    for (const n of saved) {
      const fresh = this.index.find(n.name);
      if (fresh?.settings.builtin && fresh.id !== n.id) this.index.delete(fresh);
      this.index.add(n);
    }
    for (const n of this.index.values()) {
      if (!saved.some((s) => s.id === n.id)) await disk.put(n);
    }
    this.#disk = disk;
  }

  /** The container's endpoints, to save with it. */
  savedEndpoints(containerId: string): unknown {
    return savedEndpoints(this.index.values(), containerId);
  }

  /**
   * Gives a container recovered at start its saved endpoints back (silently: no connect
   * events), on the networks that still exist; its addresses are taken again when free.
   */
  restoreEndpoints(c: EngineContainer, saved: unknown): void {
    restoreEndpoints((id) => this.index.find(id), c.id, saved);
  }

  /** The network for a name, id or unique id prefix, or dockerd's 404. */
  get(ref: string): EngineNetwork {
    const n = this.index.find(ref);
    if (!n) throw notFound(`network ${ref} not found`);
    return n;
  }

  #publish(n: EngineNetwork, action: string, extra: Record<string, string> = {}): void {
    this.events.publish({
      Type: "network",
      Action: action,
      id: n.id,
      attributes: { ...extra, name: n.name, type: n.settings.driver },
    });
  }

  list(filters: NetworkFilters): Promise<Types.NetworkSummary[]> {
    checkNetworkFilters(filters);
    const found = [...this.index.values()].filter((n) => matchesNetwork(n, filters));
    return Promise.resolve(found.map((n) => n.view()));
  }

  inspect(ref: string, options: { scope?: string }): Promise<Types.NetworkInspect> {
    const n = this.get(ref);
    if (options.scope && options.scope !== "local") throw notFound(`network ${ref} not found`);
    return Promise.resolve(n.inspectView((id) => this.containers.find(id)?.name));
  }

  create(body: NetworkCreateBody): Promise<Types.NetworkCreateResponse> {
    const name = body.Name;
    if (!name) throw invalidParameter("network name is required");
    if (PREDEFINED.includes(name)) {
      throw forbidden(`operation is not permitted on predefined ${name} network`);
    }
    if ([...this.index.values()].some((n) => n.name === name)) {
      throw conflict(`network with name ${name} already exists`);
    }
    const taken = [...this.index.values()].flatMap((n) => n.pool ? [n.pool.subnet] : []);
    const n = networkFromBody(body, taken);
    // Added before it is saved, so a concurrent create sees the name and the subnet taken.
    this.index.add(n);
    return this.#save(n).then(() => {
      this.#publish(n, "create");
      return { Id: n.id, Warning: "" };
    });
  }

  async #save(n: EngineNetwork): Promise<void> {
    try {
      await this.#disk?.put(n);
    } catch (err) {
      this.index.delete(n);
      throw err;
    }
  }

  /**
   * Whether a running container uses the network: as in dockerd, the endpoints of created or
   * stopped containers do not keep a network from being removed (they go with it).
   */
  #inUse(n: EngineNetwork): boolean {
    return [...n.endpoints.keys()].some((id) => this.#live.has(id));
  }

  async remove(ref: string): Promise<void> {
    const n = this.get(ref);
    if (n.settings.builtin) {
      throw forbidden(`${n.name} is a pre-defined network and cannot be removed`);
    }
    if (this.#inUse(n)) {
      throw forbidden(
        `error while removing network: network ${n.name} id ${n.id} has active endpoints`,
      );
    }
    this.index.delete(n);
    await this.#disk?.remove(n);
    this.#publish(n, "destroy");
  }

  async prune(filters: NetworkFilters): Promise<{ NetworksDeleted: string[] }> {
    checkNetworkFilters(filters);
    const deleted: string[] = [];
    for (const n of [...this.index.values()]) {
      if (n.settings.builtin || this.#inUse(n) || !matchesNetwork(n, filters, true)) continue;
      await this.remove(n.id);
      deleted.push(n.name);
    }
    this.events.publish({ Type: "network", Action: "prune", id: "", attributes: {} });
    return { NetworksDeleted: deleted };
  }

  /** The networks a new container joins: its NetworkMode, then the other EndpointsConfig keys. */
  plan(
    mode: string | undefined,
    endpoints: Record<string, Types.EndpointSettings> = {},
  ): NetworkPlan {
    const primary = !mode || mode === "default" ? "bridge" : mode;
    if (primary.startsWith("container:")) return [];
    // EndpointsConfig may name a network by name or id, and the primary one as `default`.
    const wanted = new Map<EngineNetwork, Types.EndpointSettings>([[this.get(primary), {}]]);
    for (const [key, settings] of Object.entries(endpoints)) {
      const network = key === mode || key === "default" ? this.get(primary) : this.get(key);
      wanted.set(network, settings ?? {});
    }
    const plan = [...wanted].map(([network, endpoint]) => {
      this.#checkEndpoint(network, endpoint);
      return { network, endpoint };
    });
    if (plan.length > 1 && plan.some((p) => ["host", "none"].includes(p.network.name))) {
      throw invalidParameter(
        "conflicting options: cannot attach both user-defined and non-user-defined network-modes",
      );
    }
    return plan;
  }

  #checkEndpoint(n: EngineNetwork, endpoint: Types.EndpointSettings): void {
    if ((endpoint.Aliases ?? []).length > 0 && n.settings.builtin) {
      throw invalidParameter(
        "network-scoped alias is supported only for containers in user defined networks",
      );
    }
    const wanted = endpoint.IPAMConfig?.IPv4Address;
    if (wanted) {
      if (!n.settings.userSubnet) {
        throw invalidParameter(
          "user specified IP address is supported only when connecting to networks with user configured subnets",
        );
      }
      const ip = parseIp(wanted);
      if (ip === undefined) throw invalidParameter(`invalid IPv4 address: ${wanted}`);
      if (n.pool!.has(ip)) throw forbidden("Address already in use");
    }
  }

  /**
   * Joins a new container to the planned networks and answers the announcement of it: the
   * connect events wait until the container itself is saved and announced.
   */
  attach(c: EngineContainer, plan: NetworkPlan): () => void {
    const joined = plan.map(({ network, endpoint }) => {
      this.#join(network, c, endpoint, false);
      return network;
    });
    return () => joined.forEach((n) => this.#publish(n, "connect", { container: c.id }));
  }

  #join(
    n: EngineNetwork,
    c: EngineContainer,
    settings: Types.EndpointSettings,
    announce = true,
  ): Endpoint {
    const wanted = settings.IPAMConfig?.IPv4Address;
    const e: Endpoint = {
      containerId: c.id,
      endpointId: newId(),
      ip: n.pool?.take(wanted ? parseIp(wanted) : undefined),
      aliases: [...new Set(settings.Aliases ?? [])],
      ipamConfig: settings.IPAMConfig ?? undefined,
    };
    n.endpoints.set(c.id, e);
    if (announce) this.#publish(n, "connect", { container: c.id });
    return e;
  }

  #leave(n: EngineNetwork, c: EngineContainer): void {
    const e = n.endpoints.get(c.id);
    if (!e) return;
    n.endpoints.delete(c.id);
    if (e.ip !== undefined) n.pool?.release(e.ip);
    this.#publish(n, "disconnect", { container: c.id });
  }

  async connect(
    ref: string,
    container: string,
    endpoint: Types.EndpointSettings | null,
  ): Promise<void> {
    const n = this.get(ref);
    const c = this.containers.get(container);
    if (n.endpoints.has(c.id)) {
      throw forbidden(`endpoint with name ${c.name} already exists in network ${n.name}`);
    }
    const current = this.networksOf(c);
    if (n.name === "host" || current.some((m) => m.name === "host")) {
      throw forbidden(
        "container cannot be disconnected from host network or connected to host network",
      );
    }
    if (n.name === "none" || current.some((m) => m.name === "none")) {
      throw forbidden(
        "container cannot be connected to multiple networks with one of the networks in private (none) mode",
      );
    }
    this.#checkEndpoint(n, endpoint ?? {});
    this.#join(n, c, endpoint ?? {});
    await this.containers.endpointsChanged(c.id);
    await this.#hosts.refreshNetwork(n, c);
  }

  async disconnect(ref: string, container: string, _force: boolean): Promise<void> {
    const n = this.get(ref);
    const c = this.containers.get(container);
    if (!n.endpoints.has(c.id)) {
      throw forbidden(`container ${c.id} is not connected to network ${n.name}`);
    }
    if (n.name === "host") {
      throw forbidden(
        "container cannot be disconnected from host network or connected to host network",
      );
    }
    this.#leave(n, c);
    await this.containers.endpointsChanged(c.id);
    await this.#hosts.refreshNetwork(n, c);
  }

  /** Leaves every network (container removal) and updates the peers' hosts files. */
  async detachAll(c: EngineContainer): Promise<void> {
    this.#live.delete(c.id);
    for (const n of this.networksOf(c)) {
      this.#leave(n, c);
      await this.#hosts.refreshNetwork(n);
    }
  }

  /** The networks a container is on. */
  networksOf(c: EngineContainer): EngineNetwork[] {
    return [...this.index.values()].filter((n) => n.endpoints.has(c.id));
  }

  /** `NetworkSettings.Networks` of a container. */
  settingsOf(c: EngineContainer): Record<string, Types.EndpointSettings> {
    const out: Record<string, Types.EndpointSettings> = {};
    for (const n of this.networksOf(c)) {
      const e = n.endpoints.get(c.id)!;
      out[n.name] = n.endpointView(e, dnsNames(c, e));
    }
    return out;
  }

  /**
   * Marks a container's run as begun (before its process starts) or ended, and rewrites the
   * hosts files around it: peers list it only while it runs. The mark changes synchronously, so
   * every rewrite reflects the state at the moment it was computed and the last one wins.
   */
  setRunning(c: EngineContainer, running: boolean): Promise<void> {
    if (running) this.#live.add(c.id);
    else this.#live.delete(c.id);
    return this.refreshAround(c);
  }

  /** Rewrites a container's `/etc/hosts`. */
  refreshHosts(c: EngineContainer): Promise<void> {
    return this.#hosts.refresh(c);
  }

  /** Rewrites the hosts files of a container and of its peers on every network it is on. */
  refreshAround(c: EngineContainer): Promise<void> {
    return this.#hosts.refreshAround(c);
  }
}
