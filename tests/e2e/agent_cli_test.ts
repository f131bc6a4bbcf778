/**
 * Issue #12 (the agent protocol): the docker CLI against a daemon whose memory backend runs
 * every container through a separate runtime agent process (`--runtime-agent`).
 */
import { assertEquals, assertStringIncludes } from "../_helpers/assert.ts";
import { spawnAgent } from "../../src/agent/_spawn_agent.ts";
import { docker, dockerOk, runCommand, startDaemon } from "./daemon.ts";

const agent = await spawnAgent("sandbox");
// The daemon inherits this process's environment: that is how it gets the agent's token.
Deno.env.set("SOCKERLESS_AGENT_TOKEN", agent.token);
const daemon = await startDaemon({ extraArgs: ["--runtime-agent", agent.url] });
Deno.test.afterAll(async () => {
  await daemon.stop();
  await agent.stop();
});

const cli = (...args: string[]) => docker(daemon, ...args);
const ok = (...args: string[]) => dockerOk(daemon, ...args);

Deno.test({
  name: "docker CLI: containers run through a runtime agent process",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    await t.step("docker run --rm alpine echo hi", async () => {
      const r = await cli("run", "--rm", "alpine", "echo", "hi");
      assertEquals([r.code, r.stdout], [0, "hi\n"], r.stderr);
      assertStringIncludes(daemon.log(), "through the sandbox runtime agent");
    });

    await t.step("exit codes and stderr cross the agent", async () => {
      const r = await cli("run", "--rm", "alpine", "sh", "-c", "echo out; echo err >&2; exit 3");
      assertEquals([r.code, r.stdout], [3, "out\n"]);
      assertStringIncludes(r.stderr, "err\n");
    });

    await t.step("docker exec, exec -i with stdin, exec -t, cp both ways, stop → 143", async () => {
      await ok("run", "-d", "--name", "agent-keep", "alpine", "sleep", "1000");
      assertEquals(await ok("exec", "agent-keep", "sh", "-c", "echo from exec"), "from exec\n");
      const piped = await runCommand(
        "docker",
        ["exec", "-i", "agent-keep", "cat"],
        daemon.env,
        "in\n",
      );
      assertEquals(piped.stdout, "in\n", piped.stderr);
      assertEquals(await ok("exec", "-t", "agent-keep", "echo", "tty"), "tty\r\n");
      const dir = await Deno.makeTempDir();
      await Deno.writeTextFile(`${dir}/f.txt`, "copied\n");
      await ok("cp", `${dir}/f.txt`, "agent-keep:/tmp/");
      assertEquals(await ok("exec", "agent-keep", "cat", "/tmp/f.txt"), "copied\n");
      await ok("cp", "agent-keep:/tmp/f.txt", `${dir}/back.txt`);
      assertEquals(await Deno.readTextFile(`${dir}/back.txt`), "copied\n");
      await ok("stop", "agent-keep");
      assertEquals(await ok("inspect", "-f", "{{.State.ExitCode}}", "agent-keep"), "143\n");
      await ok("rm", "agent-keep");
    });
  },
});
