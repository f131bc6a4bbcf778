/**
 * @module
 * A container's `/etc/resolv.conf` from `--dns`, `--dns-search` and `--dns-option`, as dockerd
 * writes them. The sandbox resolves no names over the network (peers come from `/etc/hosts`), so
 * the file is what a script reads, not a resolver the container uses.
 */

import type { Types } from "../../../generated/docker/mod.ts";

/** The name server the image's file names when the client asks for none. */
const DEFAULT_NAMESERVER = "127.0.0.11";

/** The file for the host config's DNS settings, or undefined to keep the image's. */
export function resolvConf(hostConfig: Types.HostConfig): string | undefined {
  const servers = hostConfig.Dns ?? [];
  const search = hostConfig.DnsSearch ?? [];
  const options = hostConfig.DnsOptions ?? [];
  if (servers.length + search.length + options.length === 0) return undefined;
  const lines = [
    ...(search.length ? [`search ${search.join(" ")}`] : []),
    ...(servers.length ? servers : [DEFAULT_NAMESERVER]).map((s) => `nameserver ${s}`),
    ...(options.length ? [`options ${options.join(" ")}`] : []),
  ];
  return lines.join("\n") + "\n";
}
