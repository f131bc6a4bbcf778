/**
 * The docker CLI against a real `deno task serve` process: system commands, version
 * negotiation, the 501 path, bad input over the socket, and docker contexts.
 */
import { assertEquals, assertStringIncludes } from "../_helpers/assert.ts";
import { within } from "../_helpers/wait.ts";
import { docker, runCommand, startDaemon } from "./daemon.ts";

const daemon = await startDaemon();
const curl = (...args: string[]) =>
  runCommand("curl", ["-s", "--unix-socket", daemon.socket, ...args]);

Deno.test.afterAll(() => daemon.stop());

/** curl's body and HTTP status code. */
async function status(...args: string[]): Promise<{ body: string; code: string }> {
  const r = await curl("-w", "\n%{http_code}", ...args);
  const at = r.stdout.lastIndexOf("\n");
  return { body: r.stdout.slice(0, at), code: r.stdout.slice(at + 1) };
}

/** curl flags for a JSON POST with the given data flag. */
function postJson(dataFlag: string, data: string): string[] {
  return ["-X", "POST", "-H", "Content-Type: application/json", dataFlag, data];
}

Deno.test({
  name: "docker CLI: system commands",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    await t.step("docker version shows a Sockerless server, negotiated down to 1.50", async () => {
      const r = await docker(daemon, "version");
      assertEquals(r.code, 0, r.stderr);
      assertStringIncludes(r.stdout, "Server: Sockerless (memory backend)");
      assertStringIncludes(r.stdout, "API version:      1.52 (minimum version 1.24)");
      const apis = await docker(
        daemon,
        "version",
        "--format",
        "{{.Client.APIVersion}} {{.Server.APIVersion}}",
      );
      assertEquals(apis.stdout.trim(), "1.50 1.52");
    });

    await t.step("docker info renders live values without error", async () => {
      const r = await docker(daemon, "info");
      assertEquals(r.code, 0, r.stderr);
      assertStringIncludes(r.stdout, "Operating System: Sockerless (memory backend)");
      assertStringIncludes(r.stdout, `CPUs: ${navigator.hardwareConcurrency}`);
      assertEquals(r.stderr.includes("ERROR"), false, r.stderr);
      const f = await docker(daemon, "info", "--format", "{{.Containers}} {{.Driver}} {{.NCPU}}");
      assertEquals(f.stdout.trim(), `0 memory ${navigator.hardwareConcurrency}`);
    });

    await t.step("docker system df renders", async () => {
      const r = await docker(daemon, "system", "df");
      assertEquals(r.code, 0, r.stderr);
      assertStringIncludes(r.stdout, "Images          0         0         0B");
      assertStringIncludes(r.stdout, "Build Cache");
    });

    await t.step("an unimplemented operation fails at once with the clear 501", async () => {
      const r = await within(docker(daemon, "swarm", "init"), {
        message: "docker swarm init to fail (the CLI must not hang)",
      });
      assertEquals(r.code, 1);
      assertStringIncludes(r.stderr, "SwarmInit is not implemented by the memory backend");
    });

    await t.step("docker context create + docker --context reach the daemon over TCP", async () => {
      const host = `host=${daemon.tcp}`;
      const c = await docker(daemon, "context", "create", "sockerless-tcp", "--docker", host);
      assertEquals(c.code, 0, c.stderr);
      const env = { DOCKER_CONFIG: daemon.env.DOCKER_CONFIG };
      const r = await runCommand("docker", [
        "--context",
        "sockerless-tcp",
        "version",
        "--format",
        "{{.Server.Platform.Name}}",
      ], env);
      assertEquals([r.code, r.stdout.trim()], [0, "Sockerless (memory backend)"], r.stderr);
    });

    await t.step(
      "docker events --since/--until replays nothing on a fresh daemon and ends",
      async () => {
        const r = await docker(daemon, "events", "--since", "1m", "--until", "0s");
        assertEquals([r.code, r.stdout], [0, ""], r.stderr);
      },
    );
  },
});

Deno.test({
  name: "raw API over the unix socket: versions, bad input, the daemon keeps serving",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const tooNew = await status("http://d/v1.99/version");
    assertEquals(tooNew.code, "400");
    assertStringIncludes(tooNew.body, "client version 1.99 is too new");
    const bad = await status(...postJson("-d", "{oops"), "http://d/v1.50/containers/create");
    assertEquals(bad.code, "400");
    assertStringIncludes(bad.body, "invalid JSON");
    assertEquals((await status("http://d/v1.50/what")).code, "404");
    const file = await Deno.makeTempFile();
    const labels = { x: "y".repeat(17 << 20) };
    await Deno.writeTextFile(file, JSON.stringify({ Name: "n", Labels: labels }));
    const big = await status(...postJson("--data-binary", `@${file}`), "http://d/networks/create");
    await Deno.remove(file);
    assertEquals(big.code, "413");
    assertStringIncludes(big.body, "exceeds the limit");
    const ping = await curl("http://d/_ping");
    assertEquals(ping.stdout, "OK");
  },
});

Deno.test({
  name: "a non-loopback listener without TLS is refused at start",
  async fn() {
    const r = await runCommand(Deno.execPath(), [
      "task",
      "--quiet",
      "serve",
      "-H",
      "tcp://0.0.0.0:0",
    ], { DENO_NO_UPDATE_CHECK: "1" });
    assertEquals(r.code, 1);
    assertStringIncludes(r.stderr, "needs --tlsverify --tlscacert --tlscert --tlskey");
  },
});
