/**
 * @module
 * A container of the host runtime: the processes it spawned and the files under its root. The
 * writable-layer operations (`changes`, `changedBytes`, `exportChanges`, `saveLayer`) answer
 * `NotImplemented`: the host has no image layer to compare with.
 */

import { DockerError, invalidParameter, notFound } from "../errors.ts";
import type {
  Change,
  PathStat,
  ProcessInfo,
  ProcessSpec,
  PutArchiveOptions,
  RuntimeContainer,
  SavedLayer,
  Usage,
} from "../runtime.ts";
import { baseOf, type HostPaths, normalize } from "./paths.ts";
import { type HostProcess, spawnHost } from "./process.ts";
import { exportHostTar } from "./tar_export.ts";
import { importHostTar } from "./tar_import.ts";
import { resolveUser } from "./users.ts";
import { usageOf } from "./usage.ts";

const DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/** What the host runtime cannot do, by name. */
export function lacks(operation: string): DockerError {
  return new DockerError("NotImplemented", `${operation} is not implemented by the host runtime`);
}

/** `NotFound` for a missing path; other errors as they are. */
function missing(path: string) {
  return (err: unknown): never => {
    if (err instanceof Deno.errors.NotFound) throw notFound(`No such file or directory: ${path}`);
    throw err;
  };
}

/** A container on the host. */
export class HostContainer implements RuntimeContainer {
  readonly #processes = new Set<HostProcess>();

  constructor(readonly paths: HostPaths, readonly hostname?: string) {}

  layerGeneration(): number {
    return 0;
  }

  async spawn(spec: ProcessSpec): Promise<HostProcess> {
    const cwd = await this.paths.resolve(spec.cwd ?? "/");
    if (!(await Deno.stat(cwd).catch(() => undefined))?.isDirectory) {
      throw invalidParameter(`chdir to cwd ("${spec.cwd}") failed: no such directory`);
    }
    const user = spec.user
      ? await resolveUser(spec.user, await this.paths.resolve("/etc"))
      : undefined;
    const hostname = spec.hostname ?? this.hostname;
    const env = { PATH: DEFAULT_PATH, ...(hostname ? { HOSTNAME: hostname } : {}), ...spec.env };
    const process = spawnHost(spec, { cwd, user, env });
    this.#processes.add(process);
    process.exited.finally(() => this.#processes.delete(process));
    return process;
  }

  async checkUser(user: string): Promise<string | undefined> {
    try {
      await resolveUser(user, await this.paths.resolve("/etc"));
      return undefined;
    } catch (err) {
      if (err instanceof DockerError && err.kind === "InvalidParameter") return err.message;
      throw err;
    }
  }

  async stat(path: string): Promise<PathStat | undefined> {
    const host = await this.paths.resolve(path, false);
    const st = await Deno.lstat(host).catch(() => undefined);
    if (!st) return undefined;
    const kind = st.isSymlink ? "symlink" : st.isDirectory ? "directory" : "file";
    const linkTarget = st.isSymlink ? await Deno.readLink(host) : undefined;
    return { kind, size: st.size, mode: st.mode ?? 0, mtime: st.mtime ?? new Date(0), linkTarget };
  }

  async readFile(path: string): Promise<Uint8Array> {
    return await Deno.readFile(await this.paths.resolve(path)).catch(missing(path));
  }

  async writeFile(path: string, data: Uint8Array | string): Promise<void> {
    const host = await this.paths.resolve(path);
    await (typeof data === "string" ? Deno.writeTextFile(host, data) : Deno.writeFile(host, data))
      .catch(missing(path));
  }

  async getArchive(path: string): Promise<ReadableStream<Uint8Array>> {
    const host = await this.paths.resolve(path, false);
    await Deno.lstat(host).catch(missing(path));
    // `dir/.` asks for the directory's contents, named `./…`, as dockerd names them.
    const contents = /(^|\/)\.\/*$/.test(path);
    return exportHostTar(host, contents ? "." : baseOf(normalize(`/${path}`)));
  }

  async putArchive(
    path: string,
    tar: ReadableStream<Uint8Array>,
    options?: PutArchiveOptions,
    signal?: AbortSignal,
  ): Promise<void> {
    const dest = await this.paths.resolve(path);
    const st = await Deno.stat(dest).catch(missing(path));
    if (!st.isDirectory) throw notFound(`Destination is not a directory: ${path}`);
    await importHostTar(await Deno.realPath(this.paths.root), dest, tar, options, signal);
  }

  changes(): Promise<Change[]> {
    return Promise.reject(lacks("changes (docker diff)"));
  }

  changedBytes(): Promise<number> {
    return Promise.reject(lacks("changedBytes (SizeRw)"));
  }

  exportChanges(): Promise<ReadableStream<Uint8Array>> {
    return Promise.reject(lacks("exportChanges (commit)"));
  }

  saveLayer(): Promise<SavedLayer> {
    return Promise.reject(lacks("saveLayer"));
  }

  processes(): Promise<ProcessInfo[]> {
    return Promise.resolve([...this.#processes].map((p) => ({
      pid: p.pid,
      ppid: Deno.pid,
      argv: p.spec.argv,
      user: p.spec.user ?? "root",
      started: p.started,
    })));
  }

  usage(): Promise<Usage> {
    return usageOf([...this.#processes].map((p) => p.pid));
  }

  async destroy(timeoutMs: number): Promise<void> {
    const running = [...this.#processes];
    await Promise.all(running.map((p) => p.signal("TERM")));
    const all = Promise.all(running.map((p) => p.exited));
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<"late">((resolve) => timer = setTimeout(resolve, timeoutMs, "late"));
    if (await Promise.race([all, late]) === "late") {
      await Promise.all(running.map((p) => p.signal("KILL")));
    }
    clearTimeout(timer);
    await all;
  }
}
