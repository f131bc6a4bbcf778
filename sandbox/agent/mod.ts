/**
 * @module
 * The runtime port (`sandbox/runtime.ts`) over a WebSocket, so the engine can drive a runtime
 * in another process: `serveRuntime(runtime, socket)` serves any runtime over one accepted
 * socket (the agent program `src/agent/main.ts` does), and `connectAgent(url, { token })` gives
 * an `AgentRuntime` that implements the port by messages (`protocol.ts`): JSON text frames for
 * calls, replies, exits and stream control; binary frames for stream bytes (process output and
 * stdin, tars, file contents), each stream flow-controlled by a fixed window of credit.
 *
 * ```ts
 * const runtime = await connectAgent("ws://127.0.0.1:7777", { token });
 * const c = await runtime.createContainer({ rootfs: { name: "alpine", layers } });
 * const p = await c.spawn({ argv: ["echo", "hi"] });
 * ```
 *
 * LIMITATIONS
 * - One connection is one session: the agent destroys every container it made for a
 *   connection when the connection ends, and a lost connection is not resumed. Pending calls,
 *   streams and running processes' `exited` fail with an `Unavailable` error, and the client
 *   must connect again (the daemon needs a restart).
 * - `layerGeneration()` is the last generation the agent reported: with every reply of one of
 *   the container's calls and every exit of one of its processes. A write by a process that is
 *   still running is seen at its exit or at the container's next call.
 * - Layers cross once per agent only as far as the served runtime caches them (the sandbox
 *   does, by chain of `diffId`s); the client keeps each layer it was given until
 *   `retainLayers` drops it, and the agent asks for it by `diffId` when it needs its tar. A
 *   sandbox layer seeded without a tar (`SandboxRuntime.seedLayer`) cannot be seeded remotely.
 * - Bytes (`readFile`, `saveLayer`, a spec's `layer`) are collected whole on the receiving side
 *   before the call proceeds, as the port's types require; archives and output stream.
 * - Streams are bounded per stream (`STREAM_WINDOW`), not per connection: memory in flight is
 *   at most one window for each open stream.
 * - The token is a shared secret sent as a bearer header over plain `ws://`: use it on
 *   loopback or inside a private network only (no TLS yet).
 * - An aborted call rejects at once with its signal's reason; the agent aborts its side, and a
 *   result that was already on its way is undone (a container destroyed, a process killed,
 *   streams cancelled).
 */

export { AgentRuntime, connectAgent, type ConnectOptions } from "./client.ts";
export { AgentContainer, AgentProcess } from "./client_container.ts";
export { serveRuntime } from "./server.ts";
export { PROTOCOL_VERSION, STREAM_WINDOW } from "./protocol.ts";
