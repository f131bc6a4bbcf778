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

function handler(runtime: Runtime, token: string) {
  return (request: Request): Response => {
    const given = request.headers.get("authorization")?.replace(/^Bearer /, "") ?? "";
    if (!sameToken(given, token)) return new Response("unauthorized\n", { status: 401 });
    if (request.headers.get("upgrade")?.toLowerCase() !== "websocket") {
      return new Response("this is a runtime agent: connect with a WebSocket\n", { status: 426 });
    }
    const { socket, response } = Deno.upgradeWebSocket(request);
    serveRuntime(runtime, socket).catch((err) => console.error(`agent: connection failed: ${err}`));
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
