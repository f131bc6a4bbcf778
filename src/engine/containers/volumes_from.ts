/**
 * @module
 * `--volumes-from` (HostConfig.VolumesFrom): a container gets the volumes and bind mounts of
 * others at the same paths, as dockerd mounts them. Each `container[:ro|:rw]` becomes Binds
 * entries (`name:/path` for a volume, `/host:/path` for a bind) that the ordinary mount path
 * resolves, so the volumes are recorded as used by the new container too. A path the container
 * mounts itself (Binds, Mounts) wins; tmpfs mounts are not shared, as in dockerd.
 */

import { invalidParameter } from "../errors.ts";
import type { Types } from "../../../generated/docker/mod.ts";
import type { MountView } from "./mounts.ts";

/** The mounts of the container `ref` (throws NotFound for an unknown one). */
export type MountsOf = (ref: string) => MountView[];

function ownTargets(hostConfig: Types.HostConfig): Set<string> {
  const fromBinds = (hostConfig.Binds ?? []).map((spec) => {
    const parts = spec.split(":");
    return parts[0].startsWith("/") && !parts[1]?.startsWith("/") ? parts[0] : parts[1];
  });
  const fromMounts = (hostConfig.Mounts ?? []).map((m) => m.Target);
  return new Set([...fromBinds, ...fromMounts].filter((t): t is string => !!t));
}

/** `hostConfig.Binds` with the mounts named by `hostConfig.VolumesFrom` in front. */
export function bindsWithVolumesFrom(hostConfig: Types.HostConfig, mountsOf: MountsOf): string[] {
  const own = ownTargets(hostConfig);
  const shared: string[] = [];
  for (const entry of hostConfig.VolumesFrom ?? []) {
    const [ref, mode, ...rest] = entry.split(":");
    if (rest.length > 0 || (mode !== undefined && mode !== "ro" && mode !== "rw")) {
      throw invalidParameter(`invalid mode for volumes-from: ${entry}`);
    }
    for (const m of mountsOf(ref)) {
      if (m.Type !== "volume" && m.Type !== "bind") continue;
      if (own.has(m.Destination)) continue;
      own.add(m.Destination);
      const readOnly = mode === undefined ? !m.RW : mode === "ro";
      const source = m.Type === "volume" ? m.Name! : m.Source;
      // The volume already holds the other container's data: no copy-up of the image's.
      const options = m.Type === "volume"
        ? `${readOnly ? "ro" : "rw"},nocopy`
        : readOnly
        ? "ro"
        : "rw";
      shared.push(`${source}:${m.Destination}:${options}`);
    }
  }
  return [...shared, ...(hostConfig.Binds ?? [])];
}
