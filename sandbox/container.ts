/**
 * A sandbox container: a copy-on-write root filesystem over a shared image
 * layer, mounts, a process table and the processes spawned in it, with a
 * freezer (`docker pause`) and usage figures (`docker stats`).
 *
 * @module
 */

import type { IFileSystem } from "just-bash";
import type { ContainerHost, ProcessInfo, UserInfo } from "./commands/_context.ts";
import { type Change, LayerFs, type UpperSnapshot } from "./fs/layer_fs.ts";
import type { ImageLayer } from "./fs/image_layer.ts";
import { normalizePath } from "./fs/_path.ts";
import { procTree } from "./fs/proc_tree.ts";
import { readOnlyFs } from "./fs/read_only_fs.ts";
import { type Mount, MountTable } from "./fs/mount_table.ts";
import { type SandboxProcess, ShellProcess, type SpawnOptions } from "./process.ts";
import { exportTar, type ImportOptions, importTar } from "./tar/tar.ts";
import { CpuAccount } from "./sched/cpu_meter.ts";
import { type Clock, realClock } from "./sched/clock.ts";
import { Freezer } from "./sched/freezer.ts";
import type { PathStat, Usage } from "./runtime.ts";

export type { Mount } from "./fs/mount_table.ts";

/** Options for {@linkcode createContainer}. */
export interface ContainerOptions {
  image: ImageLayer;
  hostname?: string;
  /** Container IP written to `/etc/hosts` next to the hostname. */
  ip?: string;
  /** Extra `/etc/hosts` entries (network aliases, `--add-host`). */
  hosts?: { ip: string; names: string[] }[];
  mounts?: Mount[];
  /**
   * `docker run --read-only`: processes cannot write the root filesystem (mounts keep their own
   * mode). The runtime's own setup (mount points, `/etc/hosts`, the working directory) still
   * writes it, as dockerd prepares the rootfs before making it read-only.
   */
  readOnlyRoot?: boolean;
  /** The time source of its sleeps, timeouts and stop grace periods; the real clock unless told. */
  clock?: Clock;
}

/**
 * Stat result of {@linkcode SandboxContainer.stat} and its usage figures: the runtime port's. CPU
 * time is the time its processes held the daemon's JS thread (and WASI workers ran); memory the
 * file bytes in its writable layer plus unread stdin and output held while frozen; pids the live
 * entries of its process table (processes and the commands they run).
 */
export type { PathStat, Usage } from "./runtime.ts";

const HIDDEN_FROM_DIFF = new Set(["/etc/hosts", "/etc/hostname", "/etc/resolv.conf"]);

/** Creates a container over a shared image layer. */
export async function createContainer(options: ContainerOptions): Promise<SandboxContainer> {
  const c = new SandboxContainer(options);
  await c.init(options);
  return c;
}

/** One container. Create it with {@linkcode createContainer}. */
export class SandboxContainer implements ContainerHost {
  readonly layer: LayerFs;
  readonly fs: IFileSystem;
  hostname: string;
  readonly #procs = new Map<number, ProcessInfo>();
  readonly #running = new Map<number, ShellProcess>();
  /** Freeze/thaw state; use {@linkcode SandboxContainer.pause} and `resume`. */
  readonly freezer = new Freezer();
  /** CPU time charged to this container's processes. */
  readonly cpu = new CpuAccount();
  readonly clock: Clock;
  #nextPid = 1;
  readonly #mountPoints: string[] = [];
  readonly #mounts: MountTable;
  readonly #readOnlyRoot: boolean;

  constructor(options: ContainerOptions) {
    this.hostname = options.hostname ?? "localhost";
    this.clock = options.clock ?? realClock;
    this.layer = new LayerFs(options.image, HIDDEN_FROM_DIFF);
    this.layer.addVirtual(procTree(this));
    this.#readOnlyRoot = options.readOnlyRoot === true;
    const base = this.#readOnlyRoot ? readOnlyFs(this.layer) : this.layer;
    this.#mounts = new MountTable(base, options.mounts ?? []);
    this.#mountPoints.push(...this.#mounts.targets);
    this.fs = this.#mounts;
  }

  /** Writes the per-container `/etc` files and mount points. */
  async init(options: ContainerOptions): Promise<void> {
    await this.#mounts.prepare(this.layer);
    await this.layer.mkdir("/etc", { recursive: true });
    const ip = options.ip ?? "172.17.0.2";
    const lines = [
      "127.0.0.1\tlocalhost",
      "::1\tlocalhost ip6-localhost ip6-loopback",
      `${ip}\t${this.hostname}`,
      ...(options.hosts ?? []).map((h) => `${h.ip}\t${h.names.join(" ")}`),
    ];
    await this.layer.writeFile("/etc/hosts", lines.join("\n") + "\n");
    await this.layer.writeFile("/etc/hostname", this.hostname + "\n");
  }

  // ---- ContainerHost ----------------------------------------------------------

  register(argv: string[], ppid: number, user: string): number {
    const pid = this.#nextPid++;
    this.#procs.set(pid, { pid, ppid, argv, user, started: new Date() });
    return pid;
  }

  unregister(pid: number): void {
    this.#procs.delete(pid);
  }

  /** The process table, for `ps`, `top` and the API's top endpoint. */
  processes(): ProcessInfo[] {
    return [...this.#procs.values()];
  }

  signal(pid: number, name: string): boolean {
    const proc = this.#running.get(pid);
    if (proc) proc.signal(name);
    return proc !== undefined || this.#procs.has(pid);
  }

  chown(path: string, uid: number, gid: number): Promise<void> {
    const p = normalizePath(path);
    if (this.#mountPoints.some((m) => p === m || p.startsWith(m + "/"))) return Promise.resolve();
    return this.layer.chown(p, uid, gid);
  }

  // ---- processes ----------------------------------------------------------------

  /** Starts a process. The first one spawned gets pid 1. */
  spawn(opts: SpawnOptions): SandboxProcess {
    const user = this.#user(opts.user);
    const env: Record<string, string> = {
      PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
      HOSTNAME: opts.hostname ?? this.hostname,
      HOME: user.home,
      ...opts.env,
    };
    const host: ContainerHost = opts.hostname && opts.hostname !== this.hostname
      ? {
        fs: this.fs,
        hostname: opts.hostname,
        register: (a, p, u) => this.register(a, p, u),
        unregister: (pid) => this.unregister(pid),
        processes: () => this.processes(),
        signal: (pid, name) => this.signal(pid, name),
        chown: (path, uid, gid) => this.chown(path, uid, gid),
        freezer: this.freezer,
        cpu: this.cpu,
        clock: this.clock,
      }
      : this;
    const proc = new ShellProcess(host, { ...opts, env }, user);
    this.#running.set(proc.pid, proc);
    proc.exited.then(() => this.#running.delete(proc.pid));
    return proc;
  }

  /**
   * Freezes every process, like the cgroup freezer: no statement, loop
   * iteration or command starts, blocking commands stop (a pending `sleep`
   * stops counting), new output is held and new processes wait. KILL still
   * ends a process at once; other signals are delivered at thaw.
   */
  pause(): void {
    this.freezer.pause();
  }

  /** Thaws the container: held output, deferred signals and work proceed. */
  resume(): void {
    this.freezer.resume();
  }

  /** True while frozen. */
  get paused(): boolean {
    return this.freezer.paused;
  }

  /** CPU time, memory held and process count, for `docker stats`. */
  usage(): Usage {
    let buffered = 0;
    for (const proc of this.#running.values()) buffered += proc.bufferedBytes;
    return {
      cpuNanos: this.cpu.nanos,
      memoryBytes: this.layer.upperBytes + buffered,
      pids: this.#procs.size,
    };
  }

  /**
   * Why `spec` (`user[:group]`) names no user or group of this container, in runc's words, or
   * undefined when it does. Numeric ids need no entry.
   */
  unknownUser(spec: string): string | undefined {
    const [name, group] = spec.split(":");
    const has = (file: string, key: string) =>
      this.#rows(file).some((f) => f[0] === key || f[2] === key);
    if (name && !/^\d+$/.test(name) && !has("/etc/passwd", name)) {
      return `unable to find user ${name}: no matching entries in passwd file`;
    }
    if (group && !/^\d+$/.test(group) && !has("/etc/group", group)) {
      return `unable to find group ${group}: no matching entries in group file`;
    }
    return undefined;
  }

  /** The colon-separated rows of a file of the image (`/etc/passwd`, `/etc/group`). */
  #rows(file: string): string[][] {
    const data = this.layer.node(file, true)?.data;
    const lines = data ? new TextDecoder().decode(data).split("\n") : [];
    return lines.map((l) => l.split(":"));
  }

  #user(spec = "root"): UserInfo {
    const [name, group] = spec.split(":");
    const row = this.#rows("/etc/passwd").find((f) => f[0] === name || f[2] === name);
    const uid = row ? Number(row[2]) : Number(name) || 0;
    const gid = group !== undefined ? Number(group) || 0 : row ? Number(row[3]) : uid;
    return {
      uid,
      gid,
      name: row?.[0] ?? (uid === 0 ? "root" : String(uid)),
      group: gid === 0 ? "root" : String(gid),
      home: row?.[5] ?? (uid === 0 ? "/root" : "/"),
    };
  }

  // ---- filesystem -----------------------------------------------------------------

  /**
   * Streams a tar archive of `path` (a file or a directory tree). A path ending in `/.` names
   * the directory's contents: entries are relative to it, as dockerd's archive rebases them on
   * the path's last element (`docker cp c:/dir/. dest` copies into dest, not dest/dir).
   */
  exportTar(path: string): ReadableStream<Uint8Array> {
    const contents = /(^|\/)\.\/*$/.test(path);
    return contents
      ? exportTar(this.fs, normalizePath(path), ".", true)
      : exportTar(this.fs, normalizePath(path));
  }

  /** Extracts a tar stream into directory `path`; entries cannot escape it. */
  importTar(path: string, stream: ReadableStream<Uint8Array>, opts?: ImportOptions): Promise<void> {
    return importTar(this.fs, normalizePath(path), stream, opts);
  }

  /** Stats a path without following a final symlink; undefined if missing. */
  async stat(path: string): Promise<PathStat | undefined> {
    const p = normalizePath(path);
    const st = await this.fs.lstat(p).catch(() => undefined);
    if (!st) return undefined;
    const kind = st.isSymbolicLink ? "symlink" : st.isDirectory ? "directory" : "file";
    const linkTarget = st.isSymbolicLink ? await this.fs.readlink(p) : undefined;
    return { kind, size: st.size, mode: st.mode, mtime: st.mtime, linkTarget };
  }

  /**
   * The writable layer to save, without what the container's creation writes again (`/etc/hosts`
   * and friends) or what belongs to mounts.
   */
  snapshot(): UpperSnapshot {
    return this.layer.snapshotUpper((p) =>
      HIDDEN_FROM_DIFF.has(p) ||
      this.#mountPoints.some((m) => p.startsWith(m + "/"))
    );
  }

  /** Lays a saved writable layer over this container's (see `snapshot`). */
  restore(snapshot: UpperSnapshot): void {
    this.layer.restoreUpper(snapshot);
  }

  /** Changes against the image, like `docker diff` (mounts excluded). */
  changes(): Change[] {
    const kept = this.layer.changes().filter((c) =>
      !HIDDEN_FROM_DIFF.has(c.path) &&
      !this.#mountPoints.some((m) => c.path === m || c.path.startsWith(m + "/"))
    );
    // A parent listed only because a hidden file changed is not a change.
    return kept.filter((c) =>
      c.kind !== "modified" || this.layer.node(c.path)?.kind !== "directory" ||
      kept.some((o) => o.path.startsWith(c.path === "/" ? "/" : c.path + "/"))
    );
  }

  /** Bytes of the files in {@linkcode SandboxContainer.changes} (dockerd's `SizeRw`). */
  changedBytes(): number {
    let bytes = 0;
    for (const c of this.changes()) {
      if (c.kind !== "deleted") bytes += this.layer.node(c.path)?.data?.byteLength ?? 0;
    }
    return bytes;
  }

  readFile(path: string): Promise<Uint8Array> {
    return this.fs.readFileBuffer(normalizePath(path));
  }

  writeFile(path: string, data: Uint8Array | string): Promise<void> {
    return this.fs.writeFile(normalizePath(path), data);
  }

  /** Creates a directory as the runtime (a working directory), even on a read-only root. */
  mkdirp(path: string): Promise<void> {
    const fs = this.#readOnlyRoot ? this.layer : this.fs;
    return fs.mkdir(normalizePath(path), { recursive: true });
  }

  /** Stops every running process (TERM, then KILL after `timeoutMs`). */
  async stopAll(timeoutMs: number): Promise<void> {
    await Promise.all([...this.#running.values()].map((p) => p.stop(timeoutMs)));
  }
}
