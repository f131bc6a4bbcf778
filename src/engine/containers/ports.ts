/**
 * @module
 * Port publishing on the memory backend: refused at create, with the ports named. Its
 * containers run in the daemon's sandbox without network sockets, so nothing could listen
 * behind a published host port; accepting `-p`/`-P` would pretend a service is reachable.
 * Exposing ports without publishing them (`--expose`, `EXPOSE`) is only metadata and stays
 * accepted, as is `-P` when nothing is exposed (dockerd publishes nothing then either).
 */

import type { Types } from "../../../generated/docker/mod.ts";
import { DockerError } from "../errors.ts";

/** The container ports a create request asks to publish on the host, sorted. */
export function publishedPorts(
  hostConfig: Types.HostConfig,
  exposed: Record<string, unknown> | null | undefined,
): string[] {
  const ports = new Set<string>();
  for (const [port, bindings] of Object.entries(hostConfig.PortBindings ?? {})) {
    if (bindings && bindings.length > 0) ports.add(port);
  }
  if (hostConfig.PublishAllPorts) {
    for (const port of Object.keys(exposed ?? {})) ports.add(port);
  }
  return [...ports].sort();
}

/** Throws the memory backend's 501 when the request publishes ports. */
export function refusePortPublishing(
  hostConfig: Types.HostConfig,
  exposed: Record<string, unknown> | null | undefined,
): void {
  const ports = publishedPorts(hostConfig, exposed);
  if (ports.length === 0) return;
  throw new DockerError(
    "NotImplemented",
    "port publishing is not supported by the memory backend: its containers have no network " +
      `sockets (${ports.join(", ")})`,
  );
}
