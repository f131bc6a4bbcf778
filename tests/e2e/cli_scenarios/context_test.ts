/**
 * docker CLI scenarios: contexts — `docker context create x --docker host=unix://<socket>`,
 * `docker --context x ...`, `docker context use/show/inspect/ls/update/rm`, `DOCKER_CONTEXT`,
 * and a context on the daemon's TCP listener that runs, attaches stdin, copies and execs over
 * TCP. The CLI runs without DOCKER_HOST here, so only the context decides where it goes.
 */
import { assertEquals } from "../../_helpers/assert.ts";
import type { RunResult } from "../daemon.ts";
import { expectRun, Scenarios } from "./scenario.ts";

const s = await Scenarios.start("context");
Deno.test.afterAll(() => s.stop());

/** The CLI with the daemon's config dir but no DOCKER_HOST: contexts decide the endpoint. */
const bare = { DOCKER_CONFIG: s.daemon.env.DOCKER_CONFIG, DOCKER_HOST: "", DOCKER_CONTEXT: "" };

function cli(args: string[], env: Record<string, string> = {}, stdin?: string) {
  return s.command("docker", args, { ...bare, ...env }, stdin);
}

async function expectCli(
  args: string[],
  want: { code: number; stdout?: string | RegExp; stderr?: string | RegExp },
  env: Record<string, string> = {},
): Promise<RunResult> {
  const r = await cli(args, env);
  expectRun(r, want, `docker ${args.join(" ")}`);
  return r;
}

Deno.test({
  name: "docker CLI scenarios: contexts",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    const unix = `unix://${s.daemon.socket}`;
    await s.ok("pull", "-q", "alpine");

    await s.step(t, "docker context create x --docker host=unix://<socket>", async () => {
      await expectCli(
        ["context", "create", "sl", "--docker", `host=${unix}`, "--description", "unix socket"],
        { code: 0, stdout: "sl\n", stderr: 'Successfully created context "sl"\n' },
      );
    });

    await s.step(t, "docker context create of an existing name is refused", async () => {
      await expectCli(["context", "create", "sl", "--docker", "host=unix:///x"], {
        code: 1,
        stderr: 'context "sl" already exists\n',
      });
    });

    await s.step(t, "docker context ls --format", async () => {
      await expectCli(["context", "ls", "--format", "{{.Name}} {{.DockerEndpoint}} {{.Current}}"], {
        code: 0,
        stdout: `default unix:///var/run/docker.sock true\nsl ${unix} false\n`,
      });
    });

    await s.step(t, "docker context inspect -f", async () => {
      await expectCli([
        "context",
        "inspect",
        "sl",
        "-f",
        "{{.Endpoints.docker.Host}} {{json .Metadata.Metadata}}",
      ], {
        code: 0,
        stdout: `${unix} {"Description":"unix socket"}\n`,
      });
    });

    await s.step(t, "docker --context x run reaches the daemon", async () => {
      await expectCli([
        "--context",
        "sl",
        "run",
        "--name",
        "via-ctx",
        "alpine",
        "echo",
        "over unix",
      ], {
        code: 0,
        stdout: "over unix\n",
      });
    });

    await s.step(t, "docker --context x ps --format", async () => {
      await expectCli(["--context", "sl", "ps", "-a", "--format", "{{.Names}} {{.State}}"], {
        code: 0,
        stdout: "via-ctx exited\n",
      });
    });

    await s.step(t, "docker context use x; later commands follow it", async () => {
      await expectCli(["context", "use", "sl"], {
        code: 0,
        stdout: "sl\n",
        stderr: 'Current context is now "sl"\n',
      });
      await expectCli(["context", "show"], { code: 0, stdout: "sl\n" });
      await expectCli(["ps", "-aq", "--filter", "name=via-ctx"], {
        code: 0,
        stdout: /^[0-9a-f]{12}\n$/,
      });
    });

    await s.step(t, "docker context rm of the context in use is refused", async () => {
      await expectCli(["context", "rm", "sl"], {
        code: 1,
        stderr: 'context "sl" is in use, set -f flag to force remove\n',
      });
    });

    await s.step(t, "docker context create on the TCP listener", async () => {
      await expectCli(["context", "create", "tc", "--docker", `host=${s.daemon.tcp}`], {
        code: 0,
        stdout: "tc\n",
        stderr: 'Successfully created context "tc"\n',
      });
    });

    await s.step(t, "docker --context tcp run streams output over TCP", async () => {
      await expectCli([
        "--context",
        "tc",
        "run",
        "--rm",
        "alpine",
        "sh",
        "-c",
        "echo out; echo err >&2; exit 3",
      ], {
        code: 3,
        stdout: "out\n",
        stderr: "err\n",
      });
    });

    await s.step(t, "docker --context tcp run -i takes stdin over TCP", async () => {
      const r = await cli(
        ["--context", "tc", "run", "-i", "--rm", "alpine", "wc", "-l"],
        {},
        "a\nb\nc\n",
      );
      assertEquals([r.code, r.stdout.trim(), r.stderr], [0, "3", ""]);
    });

    await s.step(t, "docker --context tcp cp and exec", async () => {
      const dir = await Deno.makeTempDir({ prefix: "sockerless-scn-ctx-" });
      await Deno.writeTextFile(`${dir}/f.txt`, "over tcp\n");
      await expectCli([
        "--context",
        "tc",
        "run",
        "-d",
        "--name",
        "tcpbox",
        "alpine",
        "sleep",
        "600",
      ], {
        code: 0,
        stdout: /^[0-9a-f]{64}\n$/,
      });
      await expectCli(["--context", "tc", "cp", `${dir}/f.txt`, "tcpbox:/f.txt"], { code: 0 });
      await expectCli(["--context", "tc", "exec", "tcpbox", "cat", "/f.txt"], {
        code: 0,
        stdout: "over tcp\n",
      });
      await expectCli(["--context", "tc", "rm", "-f", "tcpbox"], { code: 0, stdout: "tcpbox\n" });
      await Deno.remove(dir, { recursive: true });
    });

    await s.step(t, "DOCKER_CONTEXT picks the context for one command", async () => {
      await expectCli(["version", "--format", "{{.Server.Platform.Name}}"], {
        code: 0,
        stdout: "Sockerless (memory backend)\n",
      }, { DOCKER_CONTEXT: "tc" });
    });

    await s.step(t, "docker context update changes the description", async () => {
      await expectCli(["context", "update", "tc", "--description", "tcp listener"], {
        code: 0,
        stdout: "tc\n",
        stderr: 'Successfully updated context "tc"\n',
      });
      await expectCli(["context", "inspect", "tc", "-f", "{{.Metadata.Metadata.Description}}"], {
        code: 0,
        stdout: "tcp listener\n",
      });
    });

    await s.step(t, "a context on a socket nobody serves", async () => {
      await expectCli(["context", "create", "dead", "--docker", "host=unix:///nonexistent.sock"], {
        code: 0,
        stdout: "dead\n",
        stderr: 'Successfully created context "dead"\n',
      });
      await expectCli(["--context", "dead", "ps"], {
        code: 1,
        stderr: "Cannot connect to the Docker daemon at unix:///nonexistent.sock. Is the docker " +
          "daemon running?\n",
      });
    });

    await s.step(t, "docker --context of an unknown context", async () => {
      await expectCli(["--context", "missing", "ps"], {
        code: 1,
        stderr:
          /^Failed to initialize: unable to resolve docker endpoint: context "missing": context not found: .*\n$/,
      });
    });

    await s.step(t, "docker context use default, then rm the others", async () => {
      await expectCli(["context", "use", "default"], {
        code: 0,
        stdout: "default\n",
        stderr: 'Current context is now "default"\n',
      });
      await expectCli(["context", "rm", "sl", "tc", "dead"], { code: 0, stdout: "sl\ntc\ndead\n" });
      await expectCli(["context", "ls", "-q"], { code: 0, stdout: "default\n" });
    });
  },
});
