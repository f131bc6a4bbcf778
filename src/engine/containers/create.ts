/**
 * @module
 * `docker create`: the request checked as dockerd checks it (image, platform, restart policy,
 * log driver, name, ports, extra hosts), the config resolved against the image's, mounts and
 * networks planned, then the runtime container made and the container saved before it is
 * announced.
 */

import type { Types } from "../../../generated/docker/mod.ts";
import { DockerError, invalidParameter } from "../errors.ts";
import { checkContainerName, newId, randomName } from "../ids.ts";
import { checkImagePlatform } from "../images/platform.ts";
import { parseExtraHost } from "../networks/hosts.ts";
import type { EngineNetworks, NetworkPlan } from "../networks/service.ts";
import type { EventBus } from "../events.ts";
import type { ImageStore } from "../images/store.ts";
import type { ObjectIndex } from "../object_index.ts";
import type { VolumeStore } from "../volumes/store.ts";
import type { Runtime } from "../../../sandbox/runtime.ts";
import type { ContainerStore } from "./store.ts";
import { EngineContainer, type NetworkRequest } from "./container.ts";
import { publish } from "./container_events.ts";
import { checkLogDriver } from "./log_driver.ts";
import { resolveMounts } from "./mounts.ts";
import { refusePortPublishing } from "./ports.ts";
import { type ContainerRecord, createdState } from "./record.ts";
import { checkRestartPolicy, commandLine, resolveConfig } from "./resolve.ts";
import { containerSpec, keptMount, rootfsOf } from "./runtime_spec.ts";
import { logSinkOf } from "./store.ts";
import { bindsWithVolumesFrom } from "./volumes_from.ts";

/** What a create needs of the container service (which implements it). */
export interface CreateHost {
  readonly events: EventBus;
  readonly index: ObjectIndex<EngineContainer>;
  readonly images: ImageStore;
  readonly volumes: VolumeStore;
  readonly networks: EngineNetworks;
  readonly runtime: Runtime;
  readonly store: ContainerStore;
  /** Registers a made container with the service. */
  adopt(c: EngineContainer): void;
  save(c: EngineContainer): Promise<void>;
  /** Forgets a container whose create failed after it was made. */
  discard(c: EngineContainer): Promise<void>;
}

/** A create request's body. */
export type CreateBody = Types.ContainerConfig & {
  HostConfig?: Types.HostConfig;
  NetworkingConfig?: Types.NetworkingConfig;
};

/** Creates a container in `svc`; answers its id. */
export async function createContainer(
  svc: CreateHost,
  name: string | undefined,
  body: CreateBody,
  options: { platform?: string } = {},
): Promise<{ Id: string; Warnings: string[] }> {
  if (!body || typeof body !== "object") {
    throw invalidParameter("config cannot be empty in order to create a container");
  }
  if (!body.Image) throw invalidParameter("no image specified in container config");
  const image = svc.images.get(body.Image);
  checkImagePlatform(image, body.Image, options.platform);
  const hostConfig: Types.HostConfig = body.HostConfig ?? {};
  checkRestartPolicy(hostConfig);
  checkLogDriver(hostConfig.LogConfig?.Type);
  // A given name fails fast; a generated one is picked after the awaits below, right before
  // the synchronous add, so concurrent creates cannot pick the same one.
  const wanted = name ? checkContainerName(name) : undefined;
  if (wanted) svc.index.checkNameFree(wanted);
  const { HostConfig: _h, NetworkingConfig: _n, ...requested } = body;
  const config = resolveConfig(requested, image.config);
  refusePortPublishing(hostConfig, config.ExposedPorts);
  const [path, ...args] = commandLine(config);
  const id = newId();
  config.Hostname = config.Hostname || defaultHostname(svc, hostConfig.NetworkMode, id);
  // A malformed extra host is a 400 before anything is made.
  for (const spec of hostConfig.ExtraHosts ?? []) parseExtraHost(spec);
  const networkRequest: NetworkRequest = {
    mode: hostConfig.NetworkMode,
    endpoints: body.NetworkingConfig?.EndpointsConfig ?? undefined,
  };
  const networks = planAtCreate(svc, networkRequest);
  const mountsOf = (ref: string) => svc.index.get(ref).mountViews;
  const { mounts, views } = await resolveMounts(
    { ...hostConfig, Binds: bindsWithVolumesFrom(hostConfig, mountsOf) },
    config.Volumes,
    svc.volumes,
    id,
  );
  const spec = containerSpec(rootfsOf(image, body.Image), config, hostConfig, mounts);
  const instance = await svc.runtime.createContainer(spec).catch(async (err) => {
    await svc.volumes.release(id, true);
    throw err;
  });
  const record: ContainerRecord = {
    id,
    name: "",
    created: new Date().toISOString(),
    imageName: body.Image,
    imageId: image.id,
    path,
    args,
    config,
    hostConfig: withHostDefaults(hostConfig),
    state: createdState(),
    restartCount: 0,
    execIds: new Set(),
    stoppedByUser: false,
  };
  const sink = logSinkOf(svc.store, id, record.hostConfig.LogConfig?.Type);
  const c = new EngineContainer(record, instance, sink);
  c.name = wanted ?? uniqueName(svc);
  c.mounts = mounts.map(keptMount);
  c.mountViews = views;
  svc.adopt(c);
  const announceEndpoints = networks ? svc.networks.attach(c, networks) : () => {};
  if (!networks) c.pendingNetworks = networkRequest;
  await svc.networks.refreshHosts(c);
  // What creation wrote to the layer is written again when the container is rebuilt.
  c.savedGeneration = instance.layerGeneration();
  await svc.save(c).catch(async (err) => {
    await svc.discard(c);
    throw err;
  });
  // Announced once durable; the create event first, as the connect events name the container.
  publish(svc, c, "create");
  announceEndpoints();
  return { Id: id, Warnings: [] };
}

function uniqueName(svc: CreateHost): string {
  for (let i = 0; i < 100; i++) {
    const name = randomName() + (i > 10 ? String(i) : "");
    if (!svc.index.find(name)) return name;
  }
  return newId().slice(0, 16);
}

/**
 * The hostname a container gets without `--hostname`: its short id, the host's on the host
 * network, and the joined container's with `--network container:<ref>` (their UTS namespace
 * is shared in dockerd).
 */
function defaultHostname(
  svc: CreateHost,
  mode: string | undefined,
  id: string,
): string {
  if (mode === "host") return Deno.hostname();
  const joined = mode?.startsWith("container:") ? svc.index.find(mode.slice(10)) : undefined;
  return joined?.config.Hostname || id.slice(0, 12);
}

/**
 * The networks of a create request, or undefined when one does not exist (yet): dockerd
 * accepts that at create and fails the start with its 404 (a 404 at create would also make
 * the docker CLI pull the image, as if the image were missing).
 */
function planAtCreate(
  svc: CreateHost,
  request: NetworkRequest,
): NetworkPlan | undefined {
  try {
    return svc.networks.plan(request.mode, request.endpoints);
  } catch (err) {
    if (err instanceof DockerError && err.kind === "NotFound") return undefined;
    throw err;
  }
}

/**
 * Clients send unset lists as `null` (the docker CLI's Go nil slices); the spec types them as
 * non-null, so an unset field is left out rather than echoed back as `null` by inspect.
 */
export function withoutNulls<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null)) as T;
}

/** dockerd fills these in; clients such as docker-py read them back from inspect. */
function withHostDefaults(given: Types.HostConfig): Types.HostConfig {
  const hostConfig = withoutNulls(given);
  return {
    NetworkMode: "bridge",
    RestartPolicy: { Name: "no", MaximumRetryCount: 0 },
    ...hostConfig,
    // An empty mode means the daemon's default: private on cgroup v2 hosts.
    CgroupnsMode: hostConfig.CgroupnsMode || "private",
    // An empty driver means the daemon's default one (dockerd's mergeAndVerifyLogConfig).
    LogConfig: {
      Type: hostConfig.LogConfig?.Type || "json-file",
      Config: hostConfig.LogConfig?.Config ?? {},
    },
  };
}
