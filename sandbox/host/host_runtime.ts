/**
 * @module
 * The host runtime: for an agent inside a cloud container, where the container is already the
 * isolation. Processes are real children of the agent; files and tars are the real filesystem
 * under a root directory (default `/`).
 *
 * LIMITATIONS
 * - No isolation between its containers: they share the host's filesystem, network, process
 *   table and users. The image's layers are not unpacked (the host already is the image), a
 *   saved writable layer cannot be restored, and `hostname`/`hosts` only set `HOSTNAME`.
 * - Mounts and `readOnlyRoot` are refused (`NotImplemented`): the host cannot make them.
 * - `changes`, `changedBytes`, `exportChanges` and `saveLayer` answer `NotImplemented` (there
 *   is no image layer to compare with), so `docker diff`, `commit` and a saved layer are not
 *   available; `layerGeneration()` is always 0.
 * - A `tty` process gets no terminal (no pty): stderr is merged into stdout and `\n` written
 *   as `\r\n`; programs that ask whether they run on a terminal are told no. No resize.
 * - No pause, no published ports (the cloud publishes the container's ports).
 * - `processes()` and `usage()` count only the processes this runtime spawned (not their
 *   children); usage is read from `/proc` (0 where it cannot be).
 * - Paths resolve on the real filesystem: a symlink is followed as the host sees it, and a path
 *   or tar entry that leaves the root is refused. An extract is checked whole before it is
 *   applied; a failure of the disk itself while applying can leave part of it.
 * - Archives skip sockets, fifos and devices, and `/proc`, `/sys` and `/dev` at the root.
 * - A root other than `/` confines files only: processes still see the real filesystem (there
 *   is no chroot), so a program the engine looks up on `PATH` must exist under the root too.
 *   With the default root `/`, the engine's managed files (`/etc/hosts`, `/etc/resolv.conf`,
 *   `/etc/hostname`) are the host's own: run it only where the host is the container.
 */

import type { ContainerSpec, Runtime, RuntimeCapabilities, RuntimeContainer } from "../runtime.ts";
import { HostContainer, lacks } from "./container.ts";
import { HostPaths } from "./paths.ts";

/** Options of {@linkcode HostRuntime}. */
export interface HostRuntimeOptions {
  /** The directory container paths are under (default `/`). */
  root?: string;
}

/** Runs containers' processes directly on this host. */
export class HostRuntime implements Runtime {
  readonly name = "host";
  readonly capabilities: RuntimeCapabilities = {
    pause: false,
    publishedPorts: false,
    resize: false,
  };
  readonly root: string;

  constructor(options: HostRuntimeOptions = {}) {
    this.root = options.root ?? "/";
  }

  async createContainer(spec: ContainerSpec): Promise<RuntimeContainer> {
    if (spec.mounts?.length) throw lacks("mounts");
    if (spec.readOnlyRoot) throw lacks("readOnlyRoot");
    if (spec.layer) throw lacks("restoring a saved layer");
    const container = new HostContainer(new HostPaths(this.root), spec.hostname);
    for (const file of spec.files ?? []) await container.writeFile(file.path, file.data);
    if (spec.workingDir) {
      await Deno.mkdir(await container.paths.resolve(spec.workingDir), { recursive: true });
    }
    return container;
  }

  /** The host keeps no unpacked layers. */
  retainLayers(): void {}
}
