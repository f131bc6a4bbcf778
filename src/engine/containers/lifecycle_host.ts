/**
 * @module
 * What the container life cycle (lifecycle.ts, health.ts) needs from the container service: a
 * module of its own so that neither of the two imports the other for it.
 */

import type { EventBus } from "../events.ts";
import type { EngineContainer } from "./container.ts";
import type { ContainerStateData } from "./record.ts";
/** What the life cycle needs from the service. */
export interface LifecycleHost {
  readonly events: EventBus;
  /** Removes a container after its run (AutoRemove). */
  autoRemove(c: EngineContainer): Promise<void>;
  /** Readies what the run needs besides the process (volume mounts, `/etc/hosts`). */
  beforeStart(c: EngineContainer): Promise<void>;
  /**
   * Makes the container's record durable as it is at the call (resolves at once without a data
   * root); `withLayer` saves its writable layer too when it changed.
   */
  save(c: EngineContainer, withLayer?: boolean, state?: ContainerStateData): Promise<void>;
}
