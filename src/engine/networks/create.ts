/**
 * @module
 * Making memory networks: the predefined `bridge` (172.17.0.0/16), `host` and `none`, and
 * user-defined bridge networks from a create request, with dockerd's checks and wording.
 */

import { DockerError, forbidden, invalidParameter, notFound } from "../errors.ts";
import type { NetworkCreateBody } from "./backend.ts";
import type { Types } from "../../../generated/docker/mod.ts";
import {
  AddressPool,
  contains,
  formatIp,
  formatSubnet,
  nextDefaultSubnet,
  overlaps,
  parseIp,
  parseSubnet,
  type Subnet,
} from "./ipam.ts";
import { EngineNetwork } from "./network.ts";

/** Names no user-defined network can take. */
export const PREDEFINED = ["bridge", "host", "none"];

function builtin(name: string, driver: string, pool?: AddressPool): EngineNetwork {
  const config = pool
    ? [{ Subnet: formatSubnet(pool.subnet), Gateway: formatIp(pool.gateway) }]
    : [];
  const options: Record<string, string> = name === "bridge"
    ? {
      "com.docker.network.bridge.default_bridge": "true",
      "com.docker.network.bridge.enable_icc": "true",
      "com.docker.network.bridge.enable_ip_masquerade": "true",
      "com.docker.network.bridge.host_binding_ipv4": "0.0.0.0",
      "com.docker.network.bridge.name": "docker0",
      "com.docker.network.driver.mtu": "1500",
    }
    : {};
  return new EngineNetwork({
    name,
    driver,
    internal: false,
    attachable: false,
    enableIPv6: false,
    options,
    labels: {},
    ipam: { Driver: "default", Options: {}, Config: config },
    userSubnet: false,
    builtin: true,
  }, pool);
}

/** The networks every daemon starts with. */
export function predefinedNetworks(): EngineNetwork[] {
  const bridge = parseSubnet("172.17.0.0/16");
  return [
    builtin("bridge", "bridge", new AddressPool(bridge, bridge.base + 1)),
    builtin("host", "host"),
    builtin("none", "null"),
  ];
}

/**
 * The fields of a requested IPAM pool that carry a value: dockerd's IPAMConfig omits empty ones
 * (`omitempty`), and docker-py's IPAMPool sends `IPRange: null, AuxiliaryAddresses: null`.
 */
function givenFields(config: Types.IPAMConfig | undefined): Types.IPAMConfig {
  const empty = (v: unknown) =>
    v === null || v === undefined || v === "" ||
    (typeof v === "object" && Object.keys(v as object).length === 0);
  return Object.fromEntries(Object.entries(config ?? {}).filter(([, v]) => !empty(v)));
}

/** A user-defined network from a create request; `taken` are the subnets in use. */
export function networkFromBody(body: NetworkCreateBody, taken: readonly Subnet[]): EngineNetwork {
  const driver = body.Driver || "bridge";
  if (driver === "host" || driver === "null") {
    throw forbidden(`only one instance of "${driver}" network is allowed`);
  }
  if (driver === "overlay") {
    throw forbidden(
      'This node is not a swarm manager. Use "docker swarm init" or "docker swarm join" to connect this node to swarm and try again.',
    );
  }
  if (driver !== "bridge") {
    throw notFound(`could not find plugin ${driver} in v1 plugin registry: plugin not found`);
  }
  if (body.Scope && body.Scope !== "local") {
    throw invalidParameter(`invalid scope ${body.Scope} for a ${driver} network`);
  }
  const configs = body.IPAM?.Config ?? [];
  // The memory backend hands out IPv4 addresses only: an IPv6 network would be one in name.
  if (body.EnableIPv6 === true || configs.some((c) => c.Subnet?.includes(":"))) {
    throw new DockerError(
      "NotImplemented",
      "IPv6 networks are not supported by the memory backend: its containers get IPv4 " +
        "addresses only",
    );
  }
  const v4 = configs.filter((c) => !c.Subnet || !c.Subnet.includes(":"));
  if (v4.length > 1) throw invalidParameter("only one IPv4 subnet is supported");
  const given = v4[0];
  const subnet = given?.Subnet ? parseSubnet(given.Subnet) : nextDefaultSubnet(taken);
  if (given?.Subnet && taken.some((t) => overlaps(t, subnet))) {
    throw forbidden("invalid pool request: Pool overlaps with other one on this address space");
  }
  let gateway = subnet.base + 1;
  if (given?.Gateway) {
    const gw = parseIp(given.Gateway);
    if (gw === undefined) throw invalidParameter(`invalid gateway address ${given.Gateway}`);
    if (((gw - subnet.base) >>> 0) >= 2 ** (32 - subnet.prefix)) {
      throw forbidden(
        `no matching subnet for gateway ${given.Gateway}`,
      );
    }
    gateway = gw;
  }
  const range = given?.IPRange ? parseSubnet(given.IPRange) : undefined;
  if (range && (range.prefix < subnet.prefix || !contains(subnet, range.base))) {
    throw invalidParameter(`no matching subnet for range ${given!.IPRange}`);
  }
  const pool = new AddressPool(subnet, gateway, range);
  return new EngineNetwork({
    name: body.Name,
    driver,
    internal: body.Internal === true,
    attachable: body.Attachable === true,
    enableIPv6: false,
    options: body.Options ?? {},
    labels: body.Labels ?? {},
    ipam: {
      Driver: body.IPAM?.Driver || "default",
      Options: body.IPAM?.Options ?? {},
      Config: [{
        ...givenFields(given),
        Subnet: formatSubnet(subnet),
        Gateway: formatIp(gateway),
      }],
    },
    userSubnet: given?.Subnet !== undefined && given.Subnet !== "",
    builtin: false,
  }, pool);
}
