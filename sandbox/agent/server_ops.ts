/**
 * @module
 * The agent's side of each container and process method: arguments as the client sends them
 * (positional, the call's `AbortSignal` last), results as it expects them.
 */

import { DockerError } from "../errors.ts";
import type {
  ProcessSpec,
  PutArchiveOptions,
  RuntimeContainer,
  RuntimeProcess,
} from "../runtime.ts";

/** A spawned process and what its client is told of it. */
export interface ProcessOpened {
  process: RuntimeProcess;
  value: { pid: number; stdout: ReadableStream<Uint8Array>; stderr: ReadableStream<Uint8Array> };
}

type ContainerOp = (c: RuntimeContainer, args: unknown[], signal: AbortSignal) => Promise<unknown>;
type ProcessOp = (p: RuntimeProcess, args: unknown[]) => Promise<unknown>;

function lacking(op: string): DockerError {
  return new DockerError("NotImplemented", `${op} is not supported by this runtime`);
}

/** Feeds the client's stdin stream to the process; a process that stops reading ends it. */
function feedStdin(process: RuntimeProcess, stdin: unknown): void {
  if (stdin instanceof ReadableStream) stdin.pipeTo(process.stdin).catch(() => {});
}

async function spawn(
  c: RuntimeContainer,
  [spec, stdin]: unknown[],
  signal: AbortSignal,
): Promise<ProcessOpened> {
  const process = await c.spawn(spec as ProcessSpec, signal);
  feedStdin(process, stdin);
  const { pid, stdout, stderr } = process;
  return { process, value: { pid, stdout, stderr } };
}

/** Each container method by name. */
export const CONTAINER_OPS: Record<string, ContainerOp> = {
  spawn,
  checkUser: (c, [user], signal) => c.checkUser(user as string, signal),
  stat: async (c, [path], signal) => (await c.stat(path as string, signal)) ?? null,
  readFile: (c, [path], signal) => c.readFile(path as string, signal),
  writeFile: (c, [path, data], signal) =>
    c.writeFile(path as string, data as Uint8Array | string, signal),
  getArchive: (c, [path], signal) => c.getArchive(path as string, signal),
  putArchive: (c, [path, tar, options], signal) =>
    c.putArchive(
      path as string,
      tar as ReadableStream<Uint8Array>,
      (options ?? undefined) as PutArchiveOptions | undefined,
      signal,
    ),
  changes: (c, _args, signal) => c.changes(signal),
  changedBytes: (c, _args, signal) => c.changedBytes(signal),
  exportChanges: (c, _args, signal) => c.exportChanges(signal),
  saveLayer: (c, _args, signal) => c.saveLayer(signal),
  processes: (c, _args, signal) => c.processes(signal),
  usage: (c, _args, signal) => c.usage(signal),
  pause: (c) => c.pause ? c.pause() : Promise.reject(lacking("pause")),
  resume: (c) => c.resume ? c.resume() : Promise.reject(lacking("resume")),
  destroy: (c, [timeoutMs]) => c.destroy(timeoutMs as number),
};

/** Each process method by name. */
export const PROCESS_OPS: Record<string, ProcessOp> = {
  signal: (p, [name]) => p.signal(name as string),
  resize: (p, [height, width]) =>
    p.resize ? p.resize(height as number, width as number) : Promise.reject(lacking("resize")),
};
