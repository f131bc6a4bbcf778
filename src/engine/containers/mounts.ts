/**
 * @module
 * Turns a HostConfig's Binds, Mounts and Tmpfs, and the config's `Volumes`, into runtime mounts.
 * Volumes come from the backend's volume store: a named one is created on first use
 * (`-v name:/path`), an unnamed one (`--mount type=volume`, image `VOLUME`) is a new anonymous
 * volume. Volume mounts are listed for copy-up of the image's content (unless `nocopy`).
 */

import type { MountSpec as Mount } from "../../../sandbox/runtime.ts";
import type { Types } from "../../../generated/docker/mod.ts";
import { DockerError, invalidParameter } from "../errors.ts";

/** Where volumes live on the host. */
export interface VolumeDirs {
  /**
   * The volume `name` (a new anonymous one when undefined), created if missing, recorded as used
   * by container `containerId`.
   */
  use(name: string | undefined, containerId: string): Promise<{ name: string; mountpoint: string }>;
}

/** A MountPoint of `docker inspect`. */
export interface MountView {
  Type: Types.MountType;
  Name?: string;
  Source: string;
  Destination: string;
  Mode: string;
  RW: boolean;
  Propagation: string;
  Driver?: string;
}

function parseBind(
  spec: string,
): { source: string | undefined; target: string; readOnly: boolean; noCopy: boolean } {
  const parts = spec.split(":");
  // A lone container path (`/data`, `/data:ro`) is an anonymous volume, as dockerd's parser
  // reads it: docker-py's `volumes=["/data"]` sends it in Binds.
  const anonymous = parts[0].startsWith("/") && parts.length <= 2 && !parts[1]?.startsWith("/");
  const [source, target, mode = "rw"] = anonymous ? [undefined, ...parts] : parts;
  if (parts.length > 3 || !target?.startsWith("/")) {
    throw invalidParameter(`invalid volume specification: '${spec}'`);
  }
  const modes = mode.split(",");
  return {
    source,
    target,
    readOnly: modes.includes("ro"),
    noCopy: modes.includes("nocopy"),
  };
}

/**
 * A bind source on the host: a directory or a regular file. `-v /host:/path` (Binds) creates a
 * missing source directory, as dockerd still does for that legacy syntax; `--mount type=bind`
 * (Mounts) refuses it.
 */
async function bindSource(source: string, createMissing: boolean): Promise<string> {
  const info = await Deno.stat(source).catch(() => null);
  if (info?.isDirectory || info?.isFile) return source;
  // A socket (Testcontainers' Ryuk binds the daemon's socket), FIFO or device would fail deep in
  // the sandbox with an opaque 500: say what cannot work and why.
  if (info) {
    const [kind, why] = special(info);
    throw new DockerError(
      "NotImplemented",
      `bind mounts of ${kind}s are not supported by the memory backend: ${source} is a ${kind} ` +
        `(${why})`,
    );
  }
  if (createMissing) {
    await Deno.mkdir(source, { recursive: true, mode: 0o755 });
    return source;
  }
  throw invalidParameter(
    `invalid mount config for type "bind": bind source path does not exist: ${source}`,
  );
}

/** What a source that is neither a directory nor a file is, and why the sandbox cannot bind it. */
function special(info: Deno.FileInfo): [string, string] {
  if (info.isSocket) return ["Unix socket", "the sandbox has no Unix sockets to connect to"];
  if (info.isFifo) return ["named pipe", "the sandbox has no named pipes"];
  if (info.isCharDevice || info.isBlockDevice) {
    return ["device", "the sandbox has no host devices"];
  }
  return ["special file", "only directories and regular files can be bound"];
}

async function resolveSource(
  source: string | undefined,
  volumes: VolumeDirs,
  containerId: string,
  createMissing = false,
): Promise<{ mount: Mount["type"]; dir: string; name?: string }> {
  if (source?.startsWith("/")) {
    return { mount: "bind", dir: await bindSource(source, createMissing) };
  }
  const v = await volumes.use(source, containerId);
  return { mount: "volume", dir: v.mountpoint, name: v.name };
}

/** The runtime mounts and their inspect views for a container. */
export async function resolveMounts(
  hostConfig: Types.HostConfig,
  configVolumes: Record<string, unknown> | undefined,
  volumes: VolumeDirs,
  containerId: string,
): Promise<{ mounts: Mount[]; views: MountView[] }> {
  const mounts: Mount[] = [];
  const views: MountView[] = [];
  const add = (
    type: Mount["type"],
    dir: string,
    target: string,
    readOnly: boolean,
    name?: string,
    noCopy = false,
  ) => {
    // dockerd's copy-up, done once at create: an empty volume gets the image's content.
    const copyUp = type === "volume" && !noCopy;
    mounts.push({ type, source: dir, target, readOnly, ...(copyUp ? { copyUp } : {}) });
    views.push({
      Type: type,
      ...(name ? { Name: name, Driver: "local" } : {}),
      Source: dir,
      Destination: target,
      Mode: readOnly ? "ro" : "",
      RW: !readOnly,
      Propagation: type === "bind" ? "rprivate" : "",
    });
  };
  for (const spec of hostConfig.Binds ?? []) {
    const bind = parseBind(spec);
    const src = await resolveSource(bind.source, volumes, containerId, true);
    add(src.mount, src.dir, bind.target, bind.readOnly, src.name, bind.noCopy);
  }
  for (const m of hostConfig.Mounts ?? []) {
    if (!m.Target?.startsWith("/")) {
      throw invalidParameter("invalid mount config: Target must be absolute");
    }
    if (m.Type === "tmpfs") {
      mounts.push({ type: "tmpfs", target: m.Target, readOnly: m.ReadOnly === true });
      views.push({
        Type: "tmpfs",
        Source: "",
        Destination: m.Target,
        Mode: "",
        RW: !m.ReadOnly,
        Propagation: "",
      });
      continue;
    }
    if (m.Type !== "bind" && m.Type !== "volume") {
      throw invalidParameter(`invalid mount config: mount type ${m.Type} is not supported`);
    }
    if (m.Type === "bind" && !m.Source) {
      throw invalidParameter(
        'invalid mount config for type "bind": field Source must not be empty',
      );
    }
    const src = await resolveSource(m.Source || undefined, volumes, containerId);
    const noCopy = m.VolumeOptions?.NoCopy === true;
    add(src.mount, src.dir, m.Target, m.ReadOnly === true, src.name, noCopy);
  }
  for (const target of Object.keys(hostConfig.Tmpfs ?? {})) {
    mounts.push({ type: "tmpfs", target });
    views.push({
      Type: "tmpfs",
      Source: "",
      Destination: target,
      Mode: "",
      RW: true,
      Propagation: "",
    });
  }
  for (const target of Object.keys(configVolumes ?? {})) {
    if (views.some((v) => v.Destination === target)) continue;
    const src = await resolveSource(undefined, volumes, containerId);
    add(src.mount, src.dir, target, false, src.name);
  }
  return { mounts, views };
}
