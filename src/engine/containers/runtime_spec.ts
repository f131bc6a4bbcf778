/**
 * @module
 * A container's sandbox as its create request describes it: the image's filesystem, hostname,
 * extra hosts, mounts, read-only root and `/etc/resolv.conf`. Create and recovery at start both
 * build it here, so a recovered container gets everything its creation wrote, except its
 * writable layer (restored from the data root).
 */

import type { Types } from "../../../generated/docker/mod.ts";
import {
  createContainer,
  type ImageLayer,
  type Mount,
  type SandboxContainer,
} from "../../../sandbox/mod.ts";
import { parseExtraHost } from "../networks/hosts.ts";
import { resolvConf } from "../networks/resolv.ts";

/** Builds the sandbox of a container. */
export async function newSandbox(
  image: ImageLayer,
  config: Types.ContainerConfig,
  hostConfig: Types.HostConfig,
  mounts: Mount[],
): Promise<SandboxContainer> {
  const sandbox = await createContainer({
    image,
    hostname: config.Hostname,
    hosts: (hostConfig.ExtraHosts ?? []).map(parseExtraHost),
    mounts,
    readOnlyRoot: hostConfig.ReadonlyRootfs === true,
  });
  const resolv = resolvConf(hostConfig);
  if (resolv) await sandbox.layer.writeFile("/etc/resolv.conf", resolv);
  return sandbox;
}
