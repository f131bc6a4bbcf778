/**
 * @module
 * A sandbox container behind the runtime port: files and tars go through its mount table, the
 * writable layer is saved with the snapshot codec (layer_snapshot.ts), and the sandbox's errors
 * become the port's `DockerError` kinds.
 */

import type { SandboxContainer } from "../container.ts";
import { ErrnoError } from "../fs/_errno.ts";
import { DockerError, invalidParameter, notFound } from "../errors.ts";
import type {
  Change,
  PathStat,
  ProcessInfo,
  ProcessSpec,
  PutArchiveOptions,
  RuntimeContainer,
  RuntimeProcess,
  SavedLayer,
  Usage,
} from "../runtime.ts";
import { changesTar } from "./changes_tar.ts";
import { encodeLayer } from "./layer_snapshot.ts";
import { runtimeProcess } from "./runtime_process.ts";

const CHANGE_KINDS = { modified: 0, added: 1, deleted: 2 } as const;

/** A missing path as the port's `NotFound`. */
async function existing<T>(path: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (err) {
    if (err instanceof DockerError) throw err;
    throw notFound(`no such file or directory: ${path}`);
  }
}

/** What extracting a tar can fail with, as dockerd's untar answers it. */
function archiveError(err: unknown): DockerError {
  if (err instanceof DockerError) return err;
  // A mount point in the way (a file bind) fails as dockerd's untar does when it unlinks the old
  // file first: a 500 with Go's error, `unlinkat /etc/app.conf: device or resource busy`.
  if (err instanceof ErrnoError) {
    return new DockerError("System", `${err.syscall} ${err.path}: ${err.text.toLowerCase()}`);
  }
  // The archive is the client's: a hostile or broken one is a bad request.
  return invalidParameter(`invalid archive: ${err instanceof Error ? err.message : err}`);
}

/** The port's container over a sandbox container. */
export class SandboxRuntimeContainer implements RuntimeContainer {
  constructor(readonly sandbox: SandboxContainer, readonly readOnlyRoot: boolean) {}

  layerGeneration(): number {
    return this.sandbox.layer.generation;
  }

  spawn(spec: ProcessSpec): Promise<RuntimeProcess> {
    return Promise.resolve(runtimeProcess(this.sandbox.spawn(spec), spec.tty === true));
  }

  checkUser(user: string): Promise<string | undefined> {
    return Promise.resolve(this.sandbox.unknownUser(user));
  }

  stat(path: string): Promise<PathStat | undefined> {
    return this.sandbox.stat(path);
  }

  readFile(path: string): Promise<Uint8Array> {
    return existing(path, () => this.sandbox.readFile(path));
  }

  writeFile(path: string, data: Uint8Array | string): Promise<void> {
    // A file the runtime manages is written even on a read-only root, as dockerd writes it
    // before the root is made read-only.
    const fs = this.readOnlyRoot ? this.sandbox.layer : this.sandbox.fs;
    return fs.writeFile(path, data);
  }

  async getArchive(path: string): Promise<ReadableStream<Uint8Array>> {
    if (!(await this.sandbox.stat(path.replace(/\/\.\/*$/, "") || "/"))) {
      throw notFound(`no such file or directory: ${path}`);
    }
    return this.sandbox.exportTar(path);
  }

  putArchive(
    path: string,
    tar: ReadableStream<Uint8Array>,
    options: PutArchiveOptions = {},
  ): Promise<void> {
    const chown = options.copyUIDGID
      ? (p: string, uid: number, gid: number) => this.sandbox.chown(p, uid, gid)
      : undefined;
    return this.sandbox.importTar(path, tar, {
      noOverwriteDirNonDir: options.noOverwriteDirNonDir,
      chown,
    }).catch((err) => {
      throw archiveError(err);
    });
  }

  changes(): Promise<Change[]> {
    return Promise.resolve(
      this.sandbox.changes().map((c) => ({ path: c.path, kind: CHANGE_KINDS[c.kind] })),
    );
  }

  changedBytes(): Promise<number> {
    return Promise.resolve(this.sandbox.changedBytes());
  }

  exportChanges(): Promise<ReadableStream<Uint8Array>> {
    return Promise.resolve(changesTar(this.sandbox));
  }

  saveLayer(): Promise<SavedLayer> {
    const generation = this.sandbox.layer.generation;
    return Promise.resolve({ generation, bytes: encodeLayer(this.sandbox.snapshot()) });
  }

  processes(): Promise<ProcessInfo[]> {
    return Promise.resolve(this.sandbox.processes());
  }

  usage(): Promise<Usage> {
    return Promise.resolve(this.sandbox.usage());
  }

  pause(): Promise<void> {
    this.sandbox.pause();
    return Promise.resolve();
  }

  resume(): Promise<void> {
    this.sandbox.resume();
    return Promise.resolve();
  }

  destroy(timeoutMs: number): Promise<void> {
    return this.sandbox.stopAll(timeoutMs);
  }
}
