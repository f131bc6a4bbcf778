/**
 * @module
 * IPv4 address management for memory networks: CIDR parsing, overlap checks, the default pools
 * dockerd allocates from (172.17.0.0/16 upwards, then 192.168.0.0/20 steps) and per-network
 * address allocation (the gateway takes the first host address).
 */

import { forbidden, invalidParameter } from "../errors.ts";

/** An IPv4 subnet. */
export interface Subnet {
  base: number;
  prefix: number;
}

/** `a.b.c.d` as an unsigned 32-bit number, or undefined when malformed. */
export function parseIp(text: string): number | undefined {
  const parts = text.split(".");
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) < 256)) {
    return undefined;
  }
  return parts.reduce((n, p) => n * 256 + Number(p), 0);
}

/** A number as `a.b.c.d`. */
export function formatIp(n: number): string {
  return [24, 16, 8, 0].map((s) => (n >>> s) & 255).join(".");
}

function mask(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

/** Parses `a.b.c.d/n` (host bits are cleared, as dockerd does). */
export function parseSubnet(text: string): Subnet {
  const [ip, bits, ...rest] = text.split("/");
  const base = parseIp(ip ?? "");
  const prefix = Number(bits);
  if (
    base === undefined || rest.length > 0 || !/^\d{1,2}$/.test(bits ?? "") || prefix > 32
  ) {
    throw invalidParameter(`invalid CIDR address: ${text}`);
  }
  return { base: (base & mask(prefix)) >>> 0, prefix };
}

/** `a.b.c.d/n`. */
export function formatSubnet(s: Subnet): string {
  return `${formatIp(s.base)}/${s.prefix}`;
}

/** True when `ip` is inside `s`. */
export function contains(s: Subnet, ip: number): boolean {
  return ((ip & mask(s.prefix)) >>> 0) === s.base;
}

/** True when two subnets share an address. */
export function overlaps(a: Subnet, b: Subnet): boolean {
  const prefix = Math.min(a.prefix, b.prefix);
  return ((a.base & mask(prefix)) >>> 0) === ((b.base & mask(prefix)) >>> 0);
}

/** The first default pool that overlaps none of `taken`. */
export function nextDefaultSubnet(taken: readonly Subnet[]): Subnet {
  const candidates: Subnet[] = [];
  for (let b = 17; b <= 31; b++) candidates.push({ base: parseIp(`172.${b}.0.0`)!, prefix: 16 });
  for (let c = 0; c < 256; c += 16) {
    candidates.push({ base: parseIp(`192.168.${c}.0`)!, prefix: 20 });
  }
  const free = candidates.find((s) => !taken.some((t) => overlaps(s, t)));
  if (!free) {
    throw forbidden(
      "all predefined address pools have been fully subnetted",
    );
  }
  return free;
}

/** Addresses in use in one subnet; the network and broadcast addresses are never handed out. */
export class AddressPool {
  readonly #used = new Set<number>();

  /** `range` (`--ip-range`) narrows where addresses are picked; static ones may be anywhere. */
  constructor(readonly subnet: Subnet, readonly gateway: number, readonly range?: Subnet) {
    this.#used.add(gateway);
  }

  /** Takes `wanted`, or the lowest free address (of the range, when there is one). */
  take(wanted?: number): number {
    const size = 2 ** (32 - this.subnet.prefix);
    if (wanted !== undefined) {
      if (!contains(this.subnet, wanted)) {
        throw invalidParameter(
          `no configured subnet contains IP address ${formatIp(wanted)}`,
        );
      }
      if (this.#used.has(wanted)) throw forbidden("Address already in use");
      this.#used.add(wanted);
      return wanted;
    }
    const from = Math.max(this.range?.base ?? 0, this.subnet.base + 1);
    const rangeEnd = this.range ? this.range.base + 2 ** (32 - this.range.prefix) - 1 : Infinity;
    const to = Math.min(rangeEnd, this.subnet.base + size - 2);
    for (let ip = from; ip <= to; ip++) {
      if (!this.#used.has(ip)) {
        this.#used.add(ip);
        return ip;
      }
    }
    throw forbidden(`no available addresses on this pool`);
  }

  release(ip: number): void {
    if (ip !== this.gateway) this.#used.delete(ip);
  }

  /** True when `ip` is taken. */
  has(ip: number): boolean {
    return this.#used.has(ip);
  }
}
