/**
 * Issue "containers": the docker CLI runs real containers on the memory backend through a real
 * `deno task serve` process.
 */
import { assert, assertEquals, assertStringIncludes } from "../_helpers/assert.ts";
import { waitFor } from "../_helpers/wait.ts";
import { docker, dockerEvents, dockerOk, runCommand, startDaemon } from "./daemon.ts";

const daemon = await startDaemon();
Deno.test.afterAll(() => daemon.stop());

const cli = (...args: string[]) => docker(daemon, ...args);
const input = (stdin: string, ...args: string[]) => runCommand("docker", args, daemon.env, stdin);

const ok = (...args: string[]) => dockerOk(daemon, ...args);

Deno.test({
  name: "docker CLI: containers on the memory backend",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    await t.step(
      "docker run --rm alpine echo hi (pulling from the offline catalogue)",
      async () => {
        const r = await cli("run", "--rm", "alpine", "echo", "hi");
        assertEquals([r.code, r.stdout], [0, "hi\n"], r.stderr);
        assertStringIncludes(r.stderr, "Status: Downloaded newer image for alpine:latest");
        assertEquals(await ok("ps", "-aq"), "", "--rm removed the container");
      },
    );

    await t.step("stdout and stderr stay apart; the exit code is the container's", async () => {
      const r = await cli("run", "alpine", "sh", "-c", "echo out; echo err >&2; exit 3");
      assertEquals([r.code, r.stdout], [3, "out\n"]);
      assertStringIncludes(r.stderr, "err\n");
    });

    await t.step("docker logs -f shows lines as they come", async () => {
      await ok(
        "run",
        "-d",
        "--name",
        "w",
        "alpine",
        "sh",
        "-c",
        // Lines 2 and 3 wait for the test to open a gate, so line 1 can only arrive alone.
        "echo 1; until [ -e /tmp/gate ]; do sleep 0.05; done; echo 2; echo 3; sleep 600",
      );
      const child = new Deno.Command("docker", {
        args: ["logs", "-f", "w"],
        env: daemon.env,
        stdout: "piped",
      }).spawn();
      const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
      let text = "";
      const readLines = async (count: number) => {
        while (text.split("\n").length <= count) {
          const { value, done } = await reader.read();
          if (done) throw new Error(`docker logs -f ended after ${JSON.stringify(text)}`);
          text += value;
        }
      };
      await readLines(1);
      assertEquals(text, "1\n", "the first line, followed while the container runs");
      await ok("exec", "w", "touch", "/tmp/gate");
      await readLines(3);
      child.kill();
      await reader.cancel();
      await child.status;
      assertEquals(text, "1\n2\n3\n");
    });

    await t.step("docker exec w sh -c 'echo $HOSTNAME'", async () => {
      const id = (await ok("inspect", "-f", "{{.Id}}", "w")).trim();
      assertEquals(await ok("exec", "w", "sh", "-c", "echo $HOSTNAME"), `${id.slice(0, 12)}\n`);
    });

    await t.step("docker exec -i w sh < script", async () => {
      const r = await input("x=41\necho $((x + 1))\nexit 6\n", "exec", "-i", "w", "sh");
      assertEquals([r.code, r.stdout], [6, "42\n"], r.stderr);
    });

    await t.step("docker exec in a stopped container is a 409", async () => {
      await ok("run", "--name", "done1", "alpine", "true");
      const r = await cli("exec", "done1", "true");
      assert(r.code !== 0);
      assertStringIncludes(r.stderr, "is not running");
    });

    await t.step("docker cp ./dir w:/x and docker cp w:/etc/hostname -", async () => {
      const dir = await Deno.makeTempDir();
      await Deno.mkdir(`${dir}/sub`);
      await Deno.writeTextFile(`${dir}/a.txt`, "alpha\n");
      await Deno.writeTextFile(`${dir}/sub/b.txt`, "beta\n");
      await ok("cp", dir, "w:/x");
      assertEquals(await ok("exec", "w", "cat", "/x/a.txt", "/x/sub/b.txt"), "alpha\nbeta\n");
      const tar = await runCommand(
        "sh",
        ["-c", "docker cp w:/etc/hostname - | tar -xOf -"],
        daemon.env,
      );
      const id = (await ok("inspect", "-f", "{{.Id}}", "w")).trim();
      assertEquals(tar.stdout, `${id.slice(0, 12)}\n`);
      await ok("cp", "w:/x/sub/b.txt", `${dir}/back.txt`);
      assertEquals(await Deno.readTextFile(`${dir}/back.txt`), "beta\n");
      await Deno.remove(dir, { recursive: true });
    });

    await t.step("docker run -i alpine cat with piped input", async () => {
      const r = await input("line one\nline two\n", "run", "--rm", "-i", "alpine", "cat");
      assertEquals([r.code, r.stdout], [0, "line one\nline two\n"], r.stderr);
    });

    await t.step("echo 'echo from-stdin' | docker run -i alpine sh", async () => {
      const r = await input("echo from-stdin\n", "run", "--rm", "-i", "alpine", "sh");
      assertEquals([r.code, r.stdout], [0, "from-stdin\n"], r.stderr);
    });

    await t.step("docker create + docker cp + docker start -a -i", async () => {
      const dir = await Deno.makeTempDir();
      await Deno.writeTextFile(`${dir}/job.sh`, "echo job ran in $(pwd)\n");
      await ok("create", "--name", "job", "-w", "/work", "alpine", "sh", "/work/job.sh");
      await ok("cp", `${dir}/job.sh`, "job:/work/job.sh");
      const r = await input("", "start", "-a", "-i", "job");
      assertEquals([r.code, r.stdout], [0, "job ran in /work\n"], r.stderr);
      await Deno.remove(dir, { recursive: true });
    });

    await t.step("docker wait reports the exit code", async () => {
      await ok("run", "-d", "--name", "seven", "alpine", "sh", "-c", "sleep 0.3; exit 7");
      assertEquals(await ok("wait", "seven"), "7\n");
    });

    await t.step("docker stop gives 143, docker kill gives 137", async () => {
      await ok("run", "-d", "--name", "s1", "alpine", "sleep", "600");
      await ok("run", "-d", "--name", "k1", "alpine", "sleep", "600");
      await ok("stop", "s1");
      await ok("kill", "k1");
      assertEquals(await ok("wait", "k1"), "137\n");
      assertEquals(
        await ok("inspect", "-f", "{{.State.ExitCode}} {{.State.Status}}", "s1"),
        "143 exited\n",
      );
    });

    await t.step("docker ps -a --filter status=exited --format '{{.Names}}'", async () => {
      const names = (await ok("ps", "-a", "--filter", "status=exited", "--format", "{{.Names}}"))
        .trim().split("\n");
      for (const n of ["s1", "k1", "seven", "done1", "job"]) {
        assert(names.includes(n), `${n} in ${names}`);
      }
      assert(!names.includes("w"), "running containers are not listed as exited");
    });

    await t.step("docker inspect -f '{{.State.Health.Status}}'", async () => {
      await ok(
        "run",
        "-d",
        "--name",
        "hc",
        "--health-cmd",
        "test -f /tmp/ready",
        "--health-interval",
        "200ms",
        "--health-retries",
        "2",
        "alpine",
        "sh",
        "-c",
        "sleep 1; touch /tmp/ready; sleep 600",
      );
      const seen = new Set<string>();
      await waitFor(async () => {
        const status = (await ok("inspect", "-f", "{{.State.Health.Status}}", "hc")).trim();
        seen.add(status);
        return status === "healthy";
      }, { message: "the health check to pass", pollMs: 100 });
      assert(seen.has("starting") || seen.has("unhealthy"), `seen ${[...seen]}`);
      const log = JSON.parse(await ok("inspect", "-f", "{{json .State.Health.Log}}", "hc"));
      assert(log.length >= 1 && log.length <= 5, "the health log is capped at 5 entries");
    });

    await t.step("docker top; docker stats --no-stream; docker rename", async () => {
      const top = await ok("top", "w");
      assertStringIncludes(top, "PID");
      assertStringIncludes(top, "sleep 600");
      const stats = await ok("stats", "--no-stream", "--format", "{{.Name}} {{.PIDs}}", "w");
      assert(/^w \d+\n$/.test(stats), stats);
      await ok("rename", "w", "w2");
      assertEquals(await ok("inspect", "-f", "{{.Name}}", "w2"), "/w2\n");
      const clash = await cli("rename", "w2", "hc");
      assertStringIncludes(clash.stderr, "is already in use");
    });

    await t.step("docker pause freezes output; docker unpause resumes it", async () => {
      await ok(
        "run",
        "-d",
        "--name",
        "ticker",
        "alpine",
        "sh",
        "-c",
        "while true; do echo tick; sleep 0.1; done",
      );
      const logLength = async (name: string) => (await ok("logs", name)).length;
      await waitFor(async () => await logLength("ticker") > 0, {
        message: "ticks before the pause",
      });
      await ok("pause", "ticker");
      assertEquals(
        await ok("inspect", "-f", "{{.State.Status}} {{.State.Paused}}", "ticker"),
        "paused true\n",
      );
      assertStringIncludes(
        await ok("ps", "--filter", "name=ticker", "--format", "{{.Status}}"),
        "(Paused)",
      );
      const frozen = await logLength("ticker");
      // A twin left running shows how long the ticker has had to tick: three ticks' time.
      await ok(
        "run",
        "-d",
        "--name",
        "twin",
        "alpine",
        "sh",
        "-c",
        "while true; do echo tick; sleep 0.1; done",
      );
      const twinStart = await logLength("twin");
      await waitFor(async () => await logLength("twin") >= twinStart + 3 * "tick\n".length, {
        message: "the twin to tick three times",
      });
      await ok("rm", "-f", "twin");
      assertEquals(await logLength("ticker"), frozen, "no output while paused");
      assertStringIncludes((await cli("exec", "ticker", "true")).stderr, "paused");
      await ok("unpause", "ticker");
      await waitFor(async () => await logLength("ticker") > frozen, {
        message: "output to resume after unpause",
      });
      await ok("rm", "-f", "ticker");
    });

    await t.step("docker stats --no-stream shows the CPU a busy container uses", async () => {
      await ok(
        "run",
        "-d",
        "--name",
        "busy",
        "alpine",
        "sh",
        "-c",
        "i=0; while true; do i=$((i+1)); done",
      );
      const line = await ok("stats", "--no-stream", "--format", "{{.CPUPerc}} {{.PIDs}}", "busy");
      const cpu = Number(line.split("%")[0]);
      assert(cpu > 10, `a busy loop uses CPU: ${line}`);
      await ok("rm", "-f", "busy");
    });

    await t.step("docker events --since shows create, start, die, destroy", async () => {
      const since = String(Math.floor(Date.now() / 1000) - 1);
      await ok("run", "--rm", "--name", "evt", "alpine", "true");
      const out = await dockerEvents(daemon, since, ["container=evt"], "{{.Action}}");
      const actions = out.trim().split("\n").filter((a) =>
        ["create", "start", "die", "destroy"].includes(a)
      );
      assertEquals(actions, ["create", "start", "die", "destroy"]);
    });

    await t.step("docker container prune -f removes stopped containers only", async () => {
      const out = await ok("container", "prune", "-f");
      assertStringIncludes(out, "Deleted Containers:");
      const left = (await ok("ps", "-a", "--format", "{{.Names}}")).trim().split("\n").sort();
      assertEquals(left, ["hc", "w2"]);
    });

    await t.step(
      "removing a running container without force is a 409; with -f it goes",
      async () => {
        const r = await cli("rm", "w2");
        assertStringIncludes(r.stderr, "container is running");
        await ok("rm", "-f", "w2", "hc");
        assertEquals(await ok("ps", "-aq"), "");
      },
    );
  },
});
