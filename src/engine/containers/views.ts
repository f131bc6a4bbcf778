/**
 * @module
 * The API views of a container record: `docker inspect`'s ContainerInspectResponse and
 * `docker ps`'s ContainerSummary, with dockerd's human status text.
 */

import type { Types } from "../../../generated/docker/mod.ts";
import { humanDuration } from "../human_time.ts";
import type { ContainerRecord, ContainerStateData } from "./record.ts";

/** What a backend adds to the views: networking and mounts it knows about. */
export interface ViewExtras {
  networks: Record<string, Types.EndpointSettings>;
  mounts: Types.MountPoint[];
  sizeRw?: number;
  sizeRootFs?: number;
  driver: string;
}

/** A container port, as `docker ps` lists it. */
export interface ExposedPort {
  PrivatePort: number;
  Type: Types.PortSummary["Type"];
}

/**
 * The exposed ports of a running (or paused) container, as dockerd lists them once the
 * container's network is up; none are published (no backend binds host ports yet).
 */
export function exposedPorts(c: ContainerRecord): ExposedPort[] {
  if (!c.state.Running) return [];
  return Object.keys(c.config.ExposedPorts ?? {}).map((key) => {
    const [port, proto = "tcp"] = key.split("/");
    // The protocol as the config names it: create does not check it is one the spec lists.
    return { PrivatePort: Number(port), Type: proto as ExposedPort["Type"] };
  }).sort((a, b) => a.PrivatePort - b.PrivatePort || a.Type.localeCompare(b.Type));
}

function since(iso: string, now: number): string {
  return humanDuration(now - Date.parse(iso));
}

/** The `Status` column of `docker ps`: "Up 3 seconds (healthy)", "Exited (0) 2 minutes ago". */
export function statusText(state: ContainerStateData, now = Date.now()): string {
  switch (state.Status) {
    case "created":
      return "Created";
    case "running":
    case "paused": {
      const health = state.Health
        ? state.Health.Status === "starting" ? " (health: starting)" : ` (${state.Health.Status})`
        : "";
      return `Up ${since(state.StartedAt, now)}${state.Paused ? " (Paused)" : ""}${health}`;
    }
    case "restarting":
      return `Restarting (${state.ExitCode}) ${since(state.FinishedAt, now)} ago`;
    case "removing":
      return "Removal In Progress";
    case "dead":
      return "Dead";
    case "exited":
      return `Exited (${state.ExitCode}) ${since(state.FinishedAt, now)} ago`;
  }
}

/** `docker inspect`. */
export function inspectView(
  c: ContainerRecord,
  extras: ViewExtras,
): Types.ContainerInspectResponse {
  return {
    Id: c.id,
    Created: c.created,
    Path: c.path,
    Args: c.args,
    State: c.state,
    Image: c.imageId,
    ResolvConfPath: "/etc/resolv.conf",
    HostnamePath: "/etc/hostname",
    HostsPath: "/etc/hosts",
    LogPath: "",
    Name: `/${c.name}`,
    RestartCount: c.restartCount,
    Driver: extras.driver,
    Platform: "linux",
    MountLabel: "",
    ProcessLabel: "",
    AppArmorProfile: "",
    ExecIDs: c.execIds.size > 0 ? [...c.execIds] : null,
    HostConfig: c.hostConfig,
    GraphDriver: { Name: extras.driver, Data: {} },
    ...sizes(extras),
    Mounts: extras.mounts,
    Config: { ...c.config, Image: c.imageName },
    NetworkSettings: {
      SandboxID: c.id,
      SandboxKey: `/var/run/docker/netns/${c.id.slice(0, 12)}`,
      Ports: Object.fromEntries(exposedPorts(c).map((p) => [`${p.PrivatePort}/${p.Type}`, null])),
      Networks: byKey(extras.networks),
    },
  };
}

/** `SizeRw` and `SizeRootFs`, only when they were asked for (`size=1`). */
function sizes(extras: ViewExtras): { SizeRw?: number; SizeRootFs?: number } {
  return extras.sizeRw === undefined
    ? {}
    : { SizeRw: extras.sizeRw, SizeRootFs: extras.sizeRootFs };
}

/** A map in key order, as dockerd's Go JSON encoder writes maps (clients list networks so). */
function byKey<T>(map: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(map).sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0));
}

/** `docker ps`. */
export function summaryView(c: ContainerRecord, extras: ViewExtras): Types.ContainerSummary {
  const command = [c.path, ...c.args].map((a) => (/\s/.test(a) ? `'${a}'` : a)).join(" ");
  return {
    Id: c.id,
    Names: [`/${c.name}`],
    Image: c.imageName,
    ImageID: c.imageId,
    Command: command,
    Created: Math.floor(Date.parse(c.created) / 1000),
    Ports: exposedPorts(c),
    ...sizes(extras),
    Labels: c.config.Labels ?? {},
    State: c.state.Status,
    Status: statusText(c.state),
    HostConfig: { NetworkMode: c.hostConfig.NetworkMode ?? "bridge" },
    NetworkSettings: { Networks: byKey(extras.networks) },
    Mounts: extras.mounts,
  };
}
