/**
 * @module
 * The runtime agent (`deno task agent --listen 127.0.0.1:0 --runtime host`): serves a runtime
 * over WebSockets for a daemon elsewhere (`sandbox/agent/`). Its first line of output is the
 * address it listens on. Every upgrade must carry `Authorization: Bearer <token>`; one without
 * is answered 401. Imports only `sandbox/`.
 */

import type { Runtime } from "../../sandbox/runtime.ts";
import { serveRuntime } from "../../sandbox/agent/mod.ts";
import { HostRuntime } from "../../sandbox/host/host_runtime.ts";
import { SandboxRuntime } from "../../sandbox/sandbox_runtime.ts";
import { type AgentConfig, parseAgentArgs, USAGE } from "./args.ts";

function runtimeOf(config: AgentConfig): Runtime {
  return config.runtime === "host" ? new HostRuntime({ root: config.root }) : new SandboxRuntime();
}

/** Compares in time independent of where the two differ. */
function sameToken(given: string, expected: string): boolean {
  const a = new TextEncoder().encode(given);
  const b = new TextEncoder().encode(expected);
  let diff = a.length ^ b.length;
  for (let i = 0; i < b.length; i++) diff |= (a[i] ?? 0) ^ b[i];
  return diff === 0;
}

const STOP_PATIENCE_MS = 5000;

/** The open connections, so a stopping agent can end them (and their containers) first. */
const connections = new Map<WebSocket, Promise<void>>();

/** On TERM or INT: every connection is closed and its containers destroyed, then exit. */
function stopOnSignals(): void {
  const stop = async () => {
    const served = [...connections.entries()].map(([socket, done]) => {
      socket.close(1001, "the agent is stopping");
      return done;
    });
    // A peer that never answers the close must not keep the agent from stopping.
    const patience = new Promise((resolve) => setTimeout(resolve, STOP_PATIENCE_MS));
    await Promise.race([Promise.all(served), patience]);
    Deno.exit(0);
  };
  for (const signal of ["SIGTERM", "SIGINT"] as const) Deno.addSignalListener(signal, stop);
}

function handler(runtime: Runtime, token: string) {
  return (request: Request): Response => {
    const given = request.headers.get("authorization")?.replace(/^Bearer /, "") ?? "";
    if (!sameToken(given, token)) return new Response("unauthorized\n", { status: 401 });
    if (request.headers.get("upgrade")?.toLowerCase() !== "websocket") {
      return new Response("this is a runtime agent: connect with a WebSocket\n", { status: 426 });
    }
    const { socket, response } = Deno.upgradeWebSocket(request);
    const done = serveRuntime(runtime, socket).catch((err) => {
      console.error(`agent: connection failed: ${err}`);
    }).finally(() => connections.delete(socket));
    connections.set(socket, done);
    return response;
  };
}

function main(): void {
  let config: AgentConfig;
  try {
    config = parseAgentArgs(Deno.args, (name) => Deno.env.get(name));
  } catch (err) {
    console.error(`agent: ${(err as Error).message}\n${USAGE}`);
    Deno.exit(2);
  }
  const runtime = runtimeOf(config);
  stopOnSignals();
  Deno.serve({
    hostname: config.hostname,
    port: config.port,
    onListen({ hostname, port }) {
      const host = hostname.includes(":") ? `[${hostname}]` : hostname;
      console.log(`ws://${host}:${port}`);
    },
  }, handler(runtime, config.token));
}

if (import.meta.main) main();
