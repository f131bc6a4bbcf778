/**
 * @module
 * Test helpers: a runtime served over a real WebSocket in this process, layers whose opens are
 * counted, and small stream readers.
 */

import { assert, assertEquals, assertRejects } from "../../tests/_helpers/assert.ts";
import { DockerError, type ErrorKind } from "../errors.ts";
import type { RootfsLayer, Runtime } from "../runtime.ts";
import { makeTar, type TarEntry } from "../../tests/_helpers/tar.ts";
import { type AgentRuntime, connectAgent } from "./client.ts";
import { serveRuntime } from "./server.ts";

/** A served runtime and a client connected to it. */
export interface Served {
  client: AgentRuntime;
  /** Resolves when the agent side saw the connection end. */
  ended: Promise<void>;
  close(): Promise<void>;
}

/** Serves `runtime` on a loopback port and connects an `AgentRuntime` to it. */
export async function serveInProcess(runtime: Runtime): Promise<Served> {
  const ended = Promise.withResolvers<void>();
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, (request) => {
    const { socket, response } = Deno.upgradeWebSocket(request);
    serveRuntime(runtime, socket).then(ended.resolve);
    return response;
  });
  const client = await connectAgent(`ws://127.0.0.1:${server.addr.port}`);
  return {
    client,
    ended: ended.promise,
    async close() {
      client.close();
      await ended.promise;
      await server.shutdown();
    },
  };
}

/** A layer whose opens are counted, so a test sees how often its tar crossed. */
export function countedLayer(diffId: string, entries: TarEntry[]): RootfsLayer & { opens: number } {
  const tar = makeTar(entries);
  const layer = {
    diffId,
    opens: 0,
    open: () => {
      layer.opens++;
      return new Blob([tar]).stream();
    },
  };
  return layer;
}

/** A stream's bytes as text. */
export function text(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

/** Fails unless `fn` rejects with a `DockerError` of `kind` whose message contains `part`. */
export async function assertKind(
  fn: () => unknown,
  kind: ErrorKind,
  part = "",
): Promise<DockerError> {
  const err = await assertRejects(fn, part);
  assert(err instanceof DockerError, `expected a DockerError, got ${err.name}: ${err.message}`);
  assertEquals(err.kind, kind, err.message);
  return err;
}

/** Waits for `promise`, failing (instead of hanging the suite) when `what` has not happened. */
export async function within<T>(promise: Promise<T>, what: string, ms = 10_000): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}
