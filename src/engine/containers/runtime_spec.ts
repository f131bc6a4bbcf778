/**
 * @module
 * A container's runtime spec as its create request describes it: the image's layers, hostname,
 * extra hosts, mounts, read-only root, working directory and `/etc/resolv.conf`. Create and
 * recovery at start both build it here, so a recovered container gets everything its creation
 * wrote, plus its writable layer (restored from the data root).
 */

import type { Types } from "../../../generated/docker/mod.ts";
import type { ContainerSpec, MountSpec, RootfsSource } from "../../../sandbox/runtime.ts";
import type { ImageRecord } from "../images/store.ts";
import { parseExtraHost } from "../networks/hosts.ts";
import { resolvConf } from "../networks/resolv.ts";

/** An image's layers as a runtime's rootfs; no image (removed since) is an empty rootfs. */
export function rootfsOf(image: ImageRecord | undefined, name: string): RootfsSource {
  return image
    ? { name: image.repoTags[0] ?? image.id, layers: image.layers }
    : { name, layers: [] };
}

/** The spec of a container's runtime container. */
export function containerSpec(
  rootfs: RootfsSource,
  config: Types.ContainerConfig,
  hostConfig: Types.HostConfig,
  mounts: MountSpec[],
  layer?: Uint8Array,
): ContainerSpec {
  const resolv = resolvConf(hostConfig);
  return {
    rootfs,
    hostname: config.Hostname,
    hosts: (hostConfig.ExtraHosts ?? []).map(parseExtraHost),
    mounts,
    readOnlyRoot: hostConfig.ReadonlyRootfs === true,
    ...(config.WorkingDir ? { workingDir: config.WorkingDir } : {}),
    ...(resolv ? { files: [{ path: "/etc/resolv.conf", data: resolv }] } : {}),
    ...(layer ? { layer } : {}),
  };
}

/** A mount as it is kept: copy-up happens once, at create. */
export function keptMount({ copyUp: _copyUp, ...mount }: MountSpec): MountSpec {
  return mount;
}
