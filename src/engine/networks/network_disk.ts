/**
 * @module
 * Networks under the data root's `networks/` folder: one checksummed file per network (its id,
 * creation time and settings, from which the address pool is rebuilt). The predefined networks
 * are saved too, so `bridge` keeps its id across restarts as in dockerd. Endpoints are not here:
 * they are container state, saved with each container (see `savedEndpoints`).
 */

import type { Types } from "../../../generated/docker/mod.ts";
import { ObjectStore } from "../state/mod.ts";
import { AddressPool, parseIp, parseSubnet } from "./ipam.ts";
import { EngineNetwork, type NetworkIdentity, type NetworkSettings } from "./network.ts";

/** A network as saved. */
interface SavedNetwork extends NetworkIdentity {
  settings: NetworkSettings;
}

/** The address pool of saved settings: the IPv4 subnet, gateway and range of its IPAM config. */
function poolOf(settings: NetworkSettings): AddressPool | undefined {
  const v4 = (settings.ipam.Config ?? []).find((c) => c.Subnet && !c.Subnet.includes(":"));
  if (!v4?.Subnet) return undefined;
  const subnet = parseSubnet(v4.Subnet);
  const range = v4.IPRange ? parseSubnet(v4.IPRange) : undefined;
  return new AddressPool(subnet, parseIp(v4.Gateway ?? "") ?? subnet.base + 1, range);
}

/** The saved networks of a data root. */
export class NetworkDisk {
  readonly #objects: ObjectStore<SavedNetwork>;

  constructor(folder: string) {
    this.#objects = new ObjectStore(folder);
  }

  /** Saves a network; durable when it resolves. */
  put(n: EngineNetwork): Promise<void> {
    return this.#objects.put(n.id, { id: n.id, created: n.created, settings: n.settings });
  }

  /** Forgets a network durably. */
  remove(n: EngineNetwork): Promise<void> {
    return this.#objects.remove(n.id);
  }

  /** Every saved network. */
  async loadAll(): Promise<EngineNetwork[]> {
    const saved = await this.#objects.loadAll();
    return [...saved.values()].map((s) =>
      new EngineNetwork(s.settings, poolOf(s.settings), { id: s.id, created: s.created })
    );
  }
}

/** A container's endpoint as saved with the container. */
interface SavedEndpoint {
  network: string;
  endpointId: string;
  ip?: number;
  aliases: string[];
  ipamConfig?: Types.EndpointIPAMConfig;
}

/** The endpoints of a container on `networks`, as plain JSON. */
export function savedEndpoints(
  networks: Iterable<EngineNetwork>,
  containerId: string,
): SavedEndpoint[] {
  return [...networks].flatMap((n) => {
    const e = n.endpoints.get(containerId);
    if (!e) return [];
    const { ip, aliases, ipamConfig, endpointId } = e;
    return [{ network: n.id, endpointId, ip, aliases, ...(ipamConfig ? { ipamConfig } : {}) }];
  });
}

/**
 * Puts saved endpoints back on the networks that still exist (`find` by id); a saved address is
 * taken again when free, else the container gets the next free one.
 */
export function restoreEndpoints(
  find: (id: string) => EngineNetwork | undefined,
  containerId: string,
  saved: unknown,
): void {
  for (const s of Array.isArray(saved) ? saved as SavedEndpoint[] : []) {
    const n = find(s.network);
    if (!n || n.id !== s.network || n.endpoints.has(containerId)) continue;
    const free = s.ip !== undefined && n.pool !== undefined && !n.pool.has(s.ip);
    const ip = n.pool ? n.pool.take(free ? s.ip : undefined) : undefined;
    const { endpointId, aliases, ipamConfig } = s;
    n.endpoints.set(containerId, { containerId, endpointId, ip, aliases, ipamConfig });
  }
}
