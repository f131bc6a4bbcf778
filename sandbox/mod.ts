/**
 * Sandbox: the in-process container runtime behind the memory backend. A
 * container is a copy-on-write filesystem over a shared read-only image
 * layer, plus mounts, plus processes run by a streaming wrapper around
 * `npm:just-bash` (and `npm:@wasmer/wasi` for `.wasm` programs). The engine
 * reaches it only through the runtime port (`runtime.ts`), which
 * `SandboxRuntime` (`sandbox_runtime.ts`) implements.
 *
 * ```ts
 * const image = createImageLayer({ name: "alpine:3.20", commands: commandNames() });
 * const c = await createContainer({ image, hostname: "web" });
 * const p = c.spawn({ argv: ["sh", "-c", "echo hi"] });
 * await p.exited; // 0, and "hi\n" arrived on p.stdout as it was written
 * ```
 *
 * LIMITATIONS
 * - Processes are cooperative: a signal takes effect at the next command or
 *   loop iteration, or immediately inside blocking commands (`sleep`,
 *   `tail -f`, `cat` on stdin, `yes`, `timeout`). Every loop iteration is a
 *   checkpoint that yields the daemon's thread after 20 ms of continuous
 *   running, so a loop of builtins (`while :; do :; done`) neither blocks
 *   the daemon nor ignores KILL; the checkpoint costs a loop of builtins
 *   about one extra `[` per iteration, and a `for` body sees `$?` of 0.
 * - `pause()` freezes at checkpoints (commands, loop iterations, blocking
 *   commands' wake-ups, process start): builtins between two checkpoints
 *   finish, and whatever they print is held, with all other output, until
 *   `resume()` (or the process ends). A `sleep` does not count paused time.
 *   KILL ends a paused process at once; other signals (TERM, trapped ones)
 *   are delivered at resume, as with the cgroup freezer, so `stop(t)` of a
 *   paused process ends in KILL after `t`. A WASI worker keeps computing
 *   while paused; only its output is held.
 * - `usage().cpuNanos` is the time the container's processes held the JS
 *   thread, measured between checkpoints and ended at the next macrotask,
 *   plus WASI workers' wall time: a chain that resumes inside just-bash
 *   (after host-mount I/O) is charged from its next checkpoint, and work of
 *   other daemon tasks that interleave before the heartbeat may be charged.
 *   `memoryBytes` counts file contents in the writable layer (not tmpfs or
 *   host mounts, not the interpreter's own heap) plus unread stdin and
 *   output held while paused; `pids` counts the process table, in which
 *   every running command is an entry.
 * - Output streams per command, not per byte: a command's output is
 *   delivered when that command ends (`cat` on live stdin, `yes` and
 *   `tail -f` stream continuously). Output of printing shell builtins
 *   (`type`, `set`, `declare -p`, `command -v`, …) and interpreter error
 *   messages (bad substitution, failed redirection) are delivered when the
 *   script ends, after streamed output. Output inside `eval` is delivered
 *   when that command ends; a sourced file (`.`, `source`) is rewritten like
 *   any script and streams.
 * - In a script that uses `source`, `.`, `eval` or `alias`, commands found
 *   through `$PATH` (outside `/bin`, `/usr/bin`) run as just-bash runs them:
 *   their own pipelines are not rewritten, so a pipe inside such a script
 *   may deliver a stage's output to the process instead of the next stage,
 *   and `not found` is reported when the script ends.
 * - Pipelines run stage after stage (just-bash semantics): a stage sees its
 *   input only when the previous stage ends, and a captured endless producer
 *   (`yes | head`) is bounded to 8192 lines.
 * - Binary output of a compound pipe stage (`{ …; } | x`, `( … ) | x`) or of
 *   a stage that also redirects (`gzip -c f 2>/dev/null | …`) is re-encoded
 *   as text by just-bash; plain stages (`gzip | gunzip`) are binary-safe.
 * - Background jobs (`&`) and `wait` follow just-bash: no real concurrency.
 * - The `read` builtin sees here-docs, here-strings and pipes, not live
 *   process stdin; `cat`, `grep`, `sed`, `sh`, … do read live stdin.
 * - A trap handler for a signal runs after the main script is stopped; the
 *   script does not resume after it. The exit status is the handler's when
 *   it calls `exit`, else 128+n.
 * - A failed output redirection prints `sh: can't create: <reason>` and
 *   gives status 1 without naming the path (on a file bind mount it names
 *   it, as busybox: `sh: can't create /etc/app.conf: Read-only file system`).
 * - A bind of one host file re-opens the host path at each access: a host
 *   file replaced by a rename (an editor's save, `sed -i` on the host) is
 *   seen in the container, where Linux keeps showing the old inode. Inside,
 *   `sed -i` rewrites it in place (busybox's rename over it fails with
 *   EBUSY), and `rm -f` of the mount point ends silently with status 0
 *   (just-bash's `rm -f` hides every error; Linux prints "Resource busy").
 *   Errors print glibc's texts (`Device or resource busy`), as coreutils.
 * - `tty` names `/dev/pts/0` in every TTY process (exec ones too) and
 *   "not a tty" when stdin is redirected or there is no TTY.
 * - There is no permission model: `user` sets uid/gid/name seen by `id`,
 *   `whoami`, `ps` and `$HOME`; files are never denied. `chown` records the
 *   owner on the container layer only (a no-op on host mounts).
 * - `/proc` is minimal: `self`, `<pid>/{cmdline,comm,status}`, `net/tcp`
 *   (always empty), `cpuinfo`, `meminfo`, `uptime`, `loadavg`, `mounts`.
 * - WASI modules run in a worker over wasmer's in-memory filesystem: the
 *   container tree (up to 64 MiB, no symlinks, no `/proc`) is copied in at
 *   start and new or changed files are copied back at exit; deletions and
 *   writes seen by other processes while it runs are not. Only `wasi_snapshot_preview1`
 *   is provided (no sockets).
 * - Only `sh`/`bash`/`ash`/`dash` `#!` interpreters are supported; others
 *   exit 127. Other binaries exit 126 unless they are busybox applets.
 * - Hard links are copies. `/dev/zero` and `/dev/urandom` read as 64 KiB.
 *
 * @module
 */

export { type BaseImageOptions, createImageLayer } from "./fs/alpine_base.ts";
export { ImageLayer, ImageLayerBuilder } from "./fs/image_layer.ts";
export { imageLayerFromTar } from "./tar/image_from_tar.ts";
export type { Change, UpperSnapshot } from "./fs/layer_fs.ts";
export type { FsNode } from "./fs/_node.ts";
export { ErrnoError } from "./fs/_errno.ts";
export {
  type ContainerOptions,
  createContainer,
  type Mount,
  type PathStat,
  SandboxContainer,
  type Usage,
} from "./container.ts";
export type { SandboxProcess, SpawnOptions } from "./process.ts";
export type { ProcessInfo } from "./commands/_context.ts";
export { commandNames } from "./commands/registry.ts";
export { signalName, signalNumber } from "./signals.ts";
export type { ImportOptions } from "./tar/tar.ts";
export { type LayerSeed, SandboxRuntime } from "./sandbox_runtime.ts";
