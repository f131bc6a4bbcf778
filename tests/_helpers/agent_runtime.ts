/**
 * @module
 * A runtime agent for the in-process suites: a `SandboxRuntime` served over a real WebSocket on
 * a loopback port of this process, and an `AgentRuntime` connected to it.
 */

import { type AgentRuntime, connectAgent, serveRuntime } from "../../sandbox/agent/mod.ts";
import { SandboxRuntime } from "../../sandbox/sandbox_runtime.ts";

/** Serves a fresh sandbox and connects to it; both live until the test process ends. */
export async function agentForTests(): Promise<AgentRuntime> {
  const runtime = new SandboxRuntime();
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, (request) => {
    const { socket, response } = Deno.upgradeWebSocket(request);
    serveRuntime(runtime, socket);
    return response;
  });
  // Not a resource of any one test: the suites' sanitizers must not see it as leaked.
  server.unref();
  return await connectAgent(`ws://127.0.0.1:${server.addr.port}`);
}
