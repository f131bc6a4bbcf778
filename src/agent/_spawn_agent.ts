/**
 * @module
 * Test helper: the agent program as a real separate process on a free port, and a client
 * connected to it.
 */

import { type AgentRuntime, connectAgent } from "../../sandbox/agent/client.ts";

/** A running agent process. */
export interface AgentProcess {
  url: string;
  token: string;
  child: Deno.ChildProcess;
  connect(): Promise<AgentRuntime>;
  /** Kills the agent and waits for it to end. */
  stop(): Promise<void>;
  /** Asks the agent to stop (SIGTERM) and answers its exit code. */
  terminate(): Promise<number>;
}

const MAIN = new URL("./main.ts", import.meta.url).pathname;

/** Starts `src/agent/main.ts` serving `runtime` and waits for its address line. */
export async function spawnAgent(
  runtime: "sandbox" | "host",
  root?: string,
): Promise<AgentProcess> {
  const token = crypto.randomUUID();
  const args = ["run", "-A", MAIN, "--listen", "127.0.0.1:0", "--runtime", runtime];
  if (root) args.push("--root", root);
  const child = new Deno.Command(Deno.execPath(), {
    args,
    env: { SOCKERLESS_AGENT_TOKEN: token },
    stdin: "null",
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const lines = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let first = "";
  while (!first.includes("\n")) {
    const { done, value } = await lines.read();
    if (done) throw new Error(`the agent ended before printing its address: ${first}`);
    first += value;
  }
  // The rest of what it prints is drained, so a chatty agent never blocks on a full pipe.
  (async () => {
    while (!(await lines.read().catch(() => ({ done: true }))).done) { /* drained */ }
  })();
  const url = first.split("\n")[0].trim();
  return {
    url,
    token,
    child,
    connect: () => connectAgent(url, { token }),
    async terminate() {
      child.kill("SIGTERM");
      const { code } = await child.status;
      await lines.cancel().catch(() => {});
      return code;
    },
    async stop() {
      try {
        child.kill("SIGKILL");
      } catch { /* already gone */ }
      await child.status;
      await lines.cancel().catch(() => {});
    },
  };
}
