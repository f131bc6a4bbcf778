/**
 * @module
 * Keeping containers' `/etc/hosts` current: a container lists itself, its legacy links, its
 * `--add-host` entries and the running peers on its user-defined networks; a change around a
 * container (start, exit, connect, rename) rewrites its file and its peers'. Written through the
 * runtime container, which writes it even on a read-only root.
 */

import type { EngineContainer } from "../containers/container.ts";
import { type HostEntry, hostsFile, parseExtraHost } from "./hosts.ts";
import { formatIp } from "./ipam.ts";
import type { Endpoint, EngineNetwork } from "./network.ts";

/** What the hosts files are computed from. */
export interface HostsContext {
  networksOf(c: EngineContainer): EngineNetwork[];
  find(id: string): EngineContainer | undefined;
  /** Whether a container's run has begun and not ended (peers list only those). */
  isLive(id: string): boolean;
}

/** The names a container answers to on a network: name, aliases, short id, hostname. */
export function dnsNames(c: EngineContainer, e: Endpoint): string[] {
  return [...new Set([c.name, ...e.aliases, c.id.slice(0, 12), c.config.Hostname ?? ""])].filter(
    (name) => name !== "",
  );
}

/** Writes the hosts files of containers. */
export class HostsFiles {
  constructor(readonly context: HostsContext) {}

  /** The address `/etc/hosts` gives the container's own hostname. */
  primaryIp(c: EngineContainer): string | undefined {
    for (const n of this.context.networksOf(c)) {
      const ip = n.endpoints.get(c.id)!.ip;
      if (ip !== undefined) return formatIp(ip);
    }
    return undefined;
  }

  /** Rewrites a container's `/etc/hosts`. */
  async refresh(c: EngineContainer): Promise<void> {
    const peers: HostEntry[] = [];
    for (const n of this.context.networksOf(c)) {
      if (!n.resolvesNames) continue;
      for (const e of n.endpoints.values()) {
        const p = e.containerId === c.id ? c : this.context.find(e.containerId);
        if (!p || e.ip === undefined) continue;
        if (p !== c && !this.context.isLive(p.id)) continue;
        peers.push({ ip: formatIp(e.ip), names: dnsNames(p, e) });
      }
    }
    const ip = this.primaryIp(c);
    const self = ip ? { ip, names: [c.config.Hostname ?? c.id.slice(0, 12)] } : undefined;
    const extra = [
      ...(c.hostConfig.Links ?? []).flatMap((spec) => this.#linkEntry(spec)),
      ...(c.hostConfig.ExtraHosts ?? []).map(parseExtraHost),
    ];
    await c.runtimeContainer.writeFile("/etc/hosts", hostsFile(self, extra, peers))
      .catch(() => {});
  }

  /**
   * A legacy link (`name:alias` from docker-py, `/name:/container/alias` as dockerd records it)
   * as dockerd writes it to `/etc/hosts`: the target's address, then alias, short id and name.
   */
  #linkEntry(spec: string): HostEntry[] {
    const [target, alias] = spec.split(":").map((part) => part.split("/").pop() ?? part);
    const p = this.context.find(target);
    const ip = p && this.primaryIp(p);
    if (!p || !ip) return [];
    return [{ ip, names: [...new Set([alias || p.name, p.id.slice(0, 12), p.name])] }];
  }

  /** Rewrites the hosts files of every container on `n` (and of `also`, which may have left). */
  async refreshNetwork(n: EngineNetwork, also?: EngineContainer): Promise<void> {
    const targets = new Set<EngineContainer>(also ? [also] : []);
    this.#addEndpoints(n, targets);
    for (const p of targets) await this.refresh(p);
  }

  /**
   * Rewrites the hosts files of a container and of its peers on every network it is on, each
   * file once however many networks it shares with the container.
   */
  async refreshAround(c: EngineContainer): Promise<void> {
    const targets = new Set<EngineContainer>([c]);
    for (const n of this.context.networksOf(c)) {
      if (n.resolvesNames) this.#addEndpoints(n, targets);
    }
    for (const p of targets) await this.refresh(p);
  }

  #addEndpoints(n: EngineNetwork, targets: Set<EngineContainer>): void {
    for (const id of n.endpoints.keys()) {
      const p = this.context.find(id);
      if (p) targets.add(p);
    }
  }
}
