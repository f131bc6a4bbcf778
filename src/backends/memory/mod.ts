/**
 * @module
 * The memory backend: the engine (`src/engine/`) with the in-process sandbox runtime
 * (`sandbox/sandbox_runtime.ts`, or another runtime passed as `runtime`) and the offline
 * catalogue's stand-in images (`images/`). Its state is saved under the data root (containers,
 * images and layers, volumes, networks, build cache, events) and loaded at start by
 * `openMemoryBackend`; `createMemoryBackend` keeps it in memory only.
 *
 * LIMITATIONS
 * - docker.io images come from the offline catalogue (alpine, busybox, debian, ubuntu); other
 *   references are pulled from their registry (gzip or plain layers, one platform). Layer tars
 *   are kept under the data root's `layers/` (`rmi` deletes those no image uses); the sandbox
 *   unpacks an image's layer chain into the daemon's heap the first time a container or build
 *   step uses it, and keeps it while an image's chain starts with it (file contents of used
 *   images live in memory; start reads only the images' metadata). Catalogue images are
 *   generated in memory and never unpacked from a tar. An image removed with `rmi -f` while
 *   stopped containers use it stays on disk, hidden, for them; it is deleted by the first image
 *   operation after its last container is removed (dockerd: at that removal).
 * - `docker build` runs the classic builder (`src/engine/build/`): the context's files
 *   are spilled to the data root's `tmp/` while the build runs; RUN steps run in the
 *   sandbox (its limits apply); `COPY --from` reads the stage's layer tars; ADD takes local files
 *   and tars, not URLs; `remote` contexts,
 *   `cachefrom`, `squash`, resource limits and `networkmode` are ignored or refused; the build
 *   cache is saved with the images. A build's images are saved when it ends (a daemon killed
 *   mid-build keeps none of them). Stage images stay as dangling images, as with dockerd.
 *   Intermediate containers are always removed (`rm=0` and `forcerm` change nothing);
 *   `X-Registry-Config` is ignored, so base images are pulled anonymously; `ADD --chown` does not
 *   re-own the content of an extracted tar.
 * - Image search answers 501; `docker import` takes the tarball in the request body
 *   (`fromSrc=-`, plain or gzip), not a URL. `docker commit` does not pause the
 *   container while it copies its changes. `docker load` reads docker-archive tars (and OCI
 *   layouts that carry a `manifest.json`); `docker save` writes docker-archive tars.
 * - Volumes use the `local` driver only; each is a host directory under the data root's
 *   `volumes/`, or the `device` of a `type=none,o=bind` volume. `type=tmpfs` volumes are plain
 *   directories (content outlives the containers); nfs/cifs types are a 501. An empty volume gets
 *   a copy of the image's content at its mount path at create.
 * - The events history keeps the last 10,000 events across restarts (`events/history.log`);
 *   events are written as they happen (a killed daemon loses none) and fsynced within 100 ms,
 *   so a machine crash may lose the last 100 ms of events (never the state they describe).
 * - Bind sources are host directories or regular files (a file bind re-reads the host path at
 *   each access; see sandbox/mod.ts). Unix sockets (`/var/run/docker.sock`), named pipes and
 *   devices are a 501 at create: the sandbox has nothing to connect them to. As with dockerd,
 *   `docker cp` onto a file bind fails (`unlinkat <path>: device or resource busy`).
 * - Networks are address bookkeeping: containers get IPs, MACs and endpoints, and names of peers
 *   on user-defined networks are written to `/etc/hosts` (no embedded DNS server, no packets).
 *   IPv6 networks (`--ipv6`, a v6 subnet) are a 501. An endpoint exists from create (or connect) to removal, so a stopped container
 *   still holds its address and keeps its network in use.
 * - Containers are kept under the data root's `containers/` (containers/store.ts): the record is
 *   saved before create, start, stop, kill, rename, update, pause and network changes answer;
 *   output lines are appended to the container's log as produced and reach `attach` and
 *   `logs -f` clients only once fsynced. The writable layer is saved when the main process
 *   exits (when it changed), after `docker cp` into the container and at commit, whole each
 *   time (not incrementally): files written by a container still running at a crash, since its
 *   last save, are lost. At start, containers that were running come back exited (137) with
 *   a `die` event and restart policies apply, as with dockerd without live-restore; exec
 *   instances are not kept.
 * - Port publishing (`-p`, or `-P` with exposed ports) is refused at create with a 501 naming the
 *   ports: no socket could serve them (`containers/ports.ts`). `--expose` alone is accepted.
 * - No plugins: the plugin list is empty and inspecting one is a 404.
 * - Catalogue images are linux/amd64; a pull or create asking for another platform gets dockerd's
 *   404s (`images/platform.ts`) instead of the amd64 image.
 * - Container output stays in the daemon: log drivers `json-file`, `local` and `none` only; the
 *   ones that ship output (syslog, gelf, fluentd, ...) are a 501 at create.
 * - `docker top` renders `-ef`, `aux` and `-o` lists of common fields; other `ps` arguments are a
 *   501. `--dns*` options are written to `/etc/resolv.conf`, but nothing resolves names.
 * - With another runtime (`runtime`), its limits apply instead of the sandbox's, and what it
 *   lacks (`capabilities`) is a 501 naming the operation and the runtime (pause, for one).
 * - Pause freezes processes at the sandbox's checkpoints (commands, loop iterations); see
 *   sandbox/mod.ts. Stats come from the sandbox's accounting: CPU is time holding the JS thread,
 *   memory is the writable layer's bytes plus buffered I/O.
 */

import type { Runtime } from "../../../sandbox/runtime.ts";
import { SandboxRuntime } from "../../../sandbox/mod.ts";
import type { CompleteBackend } from "../../engine/mod.ts";
import { createEngine, openEngine } from "../../engine/engine.ts";
import type { ContainerStore } from "../../engine/containers/store.ts";
import type { SavedState } from "../../engine/saved_state.ts";
import type { DataRoot } from "../../engine/state/mod.ts";
import { catalogueStandIns } from "./images/stand_ins.ts";

/** Options of the memory backend. */
export interface MemoryBackendOptions {
  rootDir?: string;
  /** Where containers are kept (memory only when absent). */
  containerStore?: ContainerStore;
  /** Events, images and volumes (memory only when absent). */
  saved?: SavedState;
  /**
   * Where containers run: the in-process sandbox when absent, or another runtime (one reached
   * through an agent, say). Catalogue images are seeded into the sandbox's layer cache; another
   * runtime reads their generated tars.
   */
  runtime?: Runtime;
}

/** The runtime and the catalogue of a memory backend. */
function parts(runtime?: Runtime) {
  const chosen = runtime ?? new SandboxRuntime();
  const seed = chosen instanceof SandboxRuntime ? chosen.seedLayer.bind(chosen) : undefined;
  return { name: "memory", runtime: chosen, standIns: catalogueStandIns(seed) };
}

/** Creates the memory backend with its state in memory only (tests, tools). */
export function createMemoryBackend(options: MemoryBackendOptions = {}): CompleteBackend {
  const { runtime, ...rest } = options;
  return createEngine({ ...parts(runtime), ...rest }).backend;
}

/**
 * Opens the memory backend on a data root: everything saved there is loaded, then containers
 * are recovered (src/engine/engine.ts).
 */
export function openMemoryBackend(
  root: DataRoot,
  options: { runtime?: Runtime } = {},
): Promise<CompleteBackend> {
  return openEngine(root, parts(options.runtime));
}
