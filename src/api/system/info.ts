/**
 * @module
 * `GET /info`: live daemon facts — backend, container and image counts, host CPUs and memory.
 */

import { SOCKERLESS_VERSION } from "../../version.ts";
import { defineHandler } from "../handler.ts";
import { json } from "../respond.ts";
import { hostFacts } from "./host.ts";

/** A stable id for this daemon process (dockerd uses a persisted UUID). */
const DAEMON_ID = crypto.randomUUID();

/** GET /info. */
export const systemInfo = defineHandler("SystemInfo", [
  "system.containerCounts",
  "system.imageCount",
  "system.driver",
  "system.rootDir",
], ({ backend, capability }) => {
  const host = hostFacts();
  const counts = capability.containerCounts();
  return json({
    ID: DAEMON_ID,
    Containers: counts.running + counts.paused + counts.stopped,
    ContainersRunning: counts.running,
    ContainersPaused: counts.paused,
    ContainersStopped: counts.stopped,
    Images: capability.imageCount(),
    Driver: capability.driver,
    DriverStatus: [["Backend", backend.name]],
    Plugins: {
      Volume: ["local"],
      Network: ["bridge", "host", "null"],
      Authorization: [],
      Log: ["json-file"],
    },
    MemoryLimit: false,
    SwapLimit: false,
    CpuCfsPeriod: false,
    CpuCfsQuota: false,
    CPUShares: false,
    CPUSet: false,
    PidsLimit: false,
    OomKillDisable: false,
    IPv4Forwarding: false,
    Debug: false,
    NFd: 0,
    NGoroutines: 0,
    SystemTime: new Date().toISOString(),
    LoggingDriver: "json-file",
    CgroupDriver: "none",
    CgroupVersion: "2",
    NEventsListener: backend.events.listenerCount,
    KernelVersion: host.kernelVersion,
    OperatingSystem: `Sockerless (${backend.name} backend)`,
    OSVersion: SOCKERLESS_VERSION,
    OSType: "linux",
    Architecture: host.arch,
    NCPU: host.ncpu,
    MemTotal: host.memTotal,
    IndexServerAddress: "https://index.docker.io/v1/",
    RegistryConfig: {
      InsecureRegistryCIDRs: ["127.0.0.0/8", "::1/128"],
      IndexConfigs: {},
      Mirrors: [],
    },
    DockerRootDir: capability.rootDir,
    HttpProxy: "",
    HttpsProxy: "",
    NoProxy: "",
    Name: host.hostname,
    Labels: [`com.sockerless.backend=${backend.name}`],
    ExperimentalBuild: false,
    ServerVersion: SOCKERLESS_VERSION,
    Runtimes: { sandbox: { path: "sockerless-sandbox" } },
    DefaultRuntime: "sandbox",
    Swarm: {
      NodeID: "",
      NodeAddr: "",
      LocalNodeState: "inactive",
      ControlAvailable: false,
      Error: "",
      RemoteManagers: null,
    },
    LiveRestoreEnabled: false,
    Isolation: "default",
    InitBinary: "",
    ContainerdCommit: { ID: "" },
    RuncCommit: { ID: "" },
    InitCommit: { ID: "" },
    SecurityOptions: [],
    Warnings: [],
  });
});
