/**
 * @module
 * A container's `/etc/hosts`: localhost, its own address and hostname, `--add-host` entries, and
 * on user-defined networks every running peer by container name, aliases and short id (what
 * dockerd's embedded DNS answers; the sandbox's `getent hosts` reads this file).
 */

import { invalidParameter } from "../errors.ts";

/** One `/etc/hosts` line. */
export interface HostEntry {
  ip: string;
  names: string[];
}

/** Parses an `--add-host` entry (`name:ip`, `host-gateway` is the default bridge's gateway). */
export function parseExtraHost(spec: string): HostEntry {
  const at = spec.indexOf(":");
  if (at <= 0) throw invalidParameter(`invalid extra host: ${spec}`);
  const ip = spec.slice(at + 1).replace(/^\[|\]$/g, "");
  return { ip: ip === "host-gateway" ? "172.17.0.1" : ip, names: [spec.slice(0, at)] };
}

/** The text of `/etc/hosts`. */
export function hostsFile(
  self: HostEntry | undefined,
  extra: readonly HostEntry[],
  peers: readonly HostEntry[],
): string {
  const lines = [
    "127.0.0.1\tlocalhost",
    "::1\tlocalhost ip6-localhost ip6-loopback",
    ...(self ? [self] : []).concat(extra, peers).map((h) => `${h.ip}\t${h.names.join(" ")}`),
  ];
  return lines.join("\n") + "\n";
}
