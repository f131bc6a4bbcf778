/**
 * @module
 * The state every backend keeps for a container, in the API's vocabulary: its resolved config,
 * host config and life-cycle state. Backends add their runtime beside it.
 */

import type { Types } from "../../../generated/docker/mod.ts";

/** Life-cycle status, as `State.Status`. */
export type ContainerStatus =
  | "created"
  | "running"
  | "paused"
  | "restarting"
  | "removing"
  | "exited"
  | "dead";

/** One health-check probe result. */
export interface HealthProbe {
  Start: string;
  End: string;
  ExitCode: number;
  Output: string;
}

/** `State.Health`. */
export interface HealthState {
  Status: "starting" | "healthy" | "unhealthy";
  FailingStreak: number;
  Log: HealthProbe[];
}

/** The mutable life-cycle state, as `State`. */
export interface ContainerStateData {
  Status: ContainerStatus;
  Running: boolean;
  Paused: boolean;
  Restarting: boolean;
  OOMKilled: boolean;
  Dead: boolean;
  Pid: number;
  ExitCode: number;
  Error: string;
  StartedAt: string;
  FinishedAt: string;
  Health?: HealthState;
}

/** The zero time Docker prints for "never". */
export const ZERO_TIME = "0001-01-01T00:00:00Z";

/** The state of a container that was just created. */
export function createdState(): ContainerStateData {
  return {
    Status: "created",
    Running: false,
    Paused: false,
    Restarting: false,
    OOMKilled: false,
    Dead: false,
    Pid: 0,
    ExitCode: 0,
    Error: "",
    StartedAt: ZERO_TIME,
    FinishedAt: ZERO_TIME,
  };
}

/** What a backend records for a container. */
export interface ContainerRecord {
  id: string;
  name: string;
  created: string;
  /** The image as the client named it (`alpine`). */
  imageName: string;
  /** The image id (`sha256:...`). */
  imageId: string;
  /** argv[0] and the rest, resolved from Entrypoint and Cmd. */
  path: string;
  args: string[];
  config: Types.ContainerConfig;
  hostConfig: Types.HostConfig;
  state: ContainerStateData;
  restartCount: number;
  execIds: Set<string>;
  /** Set when the user stopped it: restart policies other than `always` then stand down. */
  stoppedByUser: boolean;
}

/**
 * A ContainerRecord as a class that backends extend with their runtime: the fields are the
 * interface's (merged in), copied from the record at construction, so they are declared once.
 */
export interface ContainerRecordBase extends ContainerRecord {}
export class ContainerRecordBase {
  constructor(record: ContainerRecord) {
    Object.assign(this, record);
  }
}
