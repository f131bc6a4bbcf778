/**
 * @module
 * One memory network: its settings, its address pool and its endpoints (one per attached
 * container), with the API views of the network and of an endpoint.
 */

import type { Types } from "../../../generated/docker/mod.ts";
import { newId } from "../ids.ts";
import { AddressPool, formatIp, formatSubnet } from "./ipam.ts";

/** A container's attachment to a network. */
export interface Endpoint {
  containerId: string;
  endpointId: string;
  /** Unset on `host` and `none`. */
  ip?: number;
  aliases: string[];
  ipamConfig?: Types.EndpointIPAMConfig;
}

/** What a network is created with. */
export interface NetworkSettings {
  name: string;
  driver: string;
  internal: boolean;
  attachable: boolean;
  enableIPv6: boolean;
  options: Record<string, string>;
  labels: Record<string, string>;
  ipam: Types.IPAM;
  /** Whether the client gave the subnet (static endpoint addresses need one). */
  userSubnet: boolean;
  builtin: boolean;
}

/** The MAC address dockerd derives from an IPv4 address (02:42 + the address). */
function macOf(ip: number): string {
  return [
    "02",
    "42",
    ...[24, 16, 8, 0].map((s) => ((ip >>> s) & 255).toString(16).padStart(2, "0")),
  ]
    .join(":");
}

/** Who a network is: fixed at create, kept across restarts. */
export interface NetworkIdentity {
  id: string;
  created: string;
}

/** A network of the engine. */
export class EngineNetwork {
  readonly id: string;
  readonly created: string;
  name: string;
  readonly endpoints = new Map<string, Endpoint>();

  constructor(
    readonly settings: NetworkSettings,
    readonly pool?: AddressPool,
    identity: NetworkIdentity = { id: newId(), created: new Date().toISOString() },
  ) {
    this.name = settings.name;
    this.id = identity.id;
    this.created = identity.created;
  }

  /** Whether containers on it resolve each other by name (user-defined bridges only). */
  get resolvesNames(): boolean {
    return !this.settings.builtin;
  }

  /** Network summary, as `docker network ls` (and the start of inspect). */
  view(): Types.NetworkSummary {
    const s = this.settings;
    return {
      Name: this.name,
      Id: this.id,
      Created: this.created,
      Scope: "local",
      Driver: s.driver,
      EnableIPv4: true,
      EnableIPv6: s.enableIPv6,
      IPAM: s.ipam,
      Internal: s.internal,
      Attachable: s.attachable,
      Ingress: false,
      ConfigFrom: { Network: "" },
      ConfigOnly: false,
      Options: s.options,
      Labels: s.labels,
    };
  }

  /** `docker network inspect`: the summary plus the attached containers. */
  inspectView(nameOf: (containerId: string) => string | undefined): Types.NetworkInspect {
    const containers: Record<string, Types.EndpointResource> = {};
    for (const e of this.endpoints.values()) {
      const name = nameOf(e.containerId);
      if (name === undefined) continue;
      containers[e.containerId] = {
        Name: name,
        EndpointID: e.endpointId,
        MacAddress: e.ip === undefined ? "" : macOf(e.ip),
        IPv4Address: e.ip === undefined ? "" : `${formatIp(e.ip)}/${this.pool!.subnet.prefix}`,
        IPv6Address: "",
      };
    }
    return { ...this.view(), Containers: containers, Status: this.#status() };
  }

  #status(): Types.NetworkStatus {
    if (!this.pool) return {};
    const size = 2 ** (32 - this.pool.subnet.prefix);
    const inUse = [...this.endpoints.values()].filter((e) => e.ip !== undefined).length + 3;
    return {
      IPAM: {
        Subnets: {
          [formatSubnet(this.pool.subnet)]: {
            IPsInUse: inUse,
            DynamicIPsAvailable: Math.max(0, size - inUse),
          },
        },
      },
    };
  }

  /** A container's EndpointSettings on this network. */
  endpointView(e: Endpoint, dnsNames: string[]): Types.EndpointSettings {
    const hasIp = e.ip !== undefined && this.pool !== undefined;
    return {
      IPAMConfig: e.ipamConfig ?? null,
      MacAddress: hasIp ? macOf(e.ip!) : "",
      ...(e.aliases.length > 0 ? { Aliases: e.aliases } : {}),
      DriverOpts: null,
      GwPriority: 0,
      NetworkID: this.id,
      EndpointID: e.endpointId,
      Gateway: hasIp ? formatIp(this.pool!.gateway) : "",
      IPAddress: hasIp ? formatIp(e.ip!) : "",
      IPPrefixLen: hasIp ? this.pool!.subnet.prefix : 0,
      IPv6Gateway: "",
      GlobalIPv6Address: "",
      GlobalIPv6PrefixLen: 0,
      ...(this.resolvesNames ? { DNSNames: dnsNames } : {}),
    };
  }
}
