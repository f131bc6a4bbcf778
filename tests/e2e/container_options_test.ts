/**
 * Container options and less common commands through the docker CLI: restart policies, logs
 * options, env/workdir/user/hostname, extra hosts, bind mounts and tmpfs, restart, diff,
 * export, update.
 */
import { assert, assertEquals, assertStringIncludes } from "../_helpers/assert.ts";
import { waitFor } from "../_helpers/wait.ts";
import { docker, dockerOk, runCommand, startDaemon } from "./daemon.ts";

const daemon = await startDaemon();
Deno.test.afterAll(() => daemon.stop());

const ok = (...args: string[]) => dockerOk(daemon, ...args);

function eventually(check: () => Promise<boolean>, what: string): Promise<true> {
  return waitFor(check, { message: what, pollMs: 100 });
}

Deno.test({
  name: "docker CLI: container options",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    await ok("pull", "-q", "alpine");

    await t.step("--restart on-failure:2 restarts twice, then stays exited", async () => {
      await ok(
        "run",
        "-d",
        "--name",
        "flaky",
        "--restart",
        "on-failure:2",
        "alpine",
        "sh",
        "-c",
        "echo run; exit 1",
      );
      await eventually(
        async () =>
          (await ok("inspect", "-f", "{{.RestartCount}} {{.State.Status}}", "flaky")) ===
            "2 exited\n",
        "two restarts",
      );
      assertEquals(await ok("logs", "flaky"), "run\nrun\nrun\n");
    });

    await t.step(
      "--restart always comes back after its process exits; stop stands it down",
      async () => {
        await ok(
          "run",
          "-d",
          "--name",
          "phoenix",
          "--restart",
          "always",
          "alpine",
          "sh",
          "-c",
          "sleep 0.2",
        );
        await eventually(
          async () =>
            Number((await ok("inspect", "-f", "{{.RestartCount}}", "phoenix")).trim()) >= 2,
          "restarts",
        );
        await ok("stop", "phoenix");
        const count = await ok("inspect", "-f", "{{.RestartCount}}", "phoenix");
        // A twin left running shows how long phoenix would have taken to come back: twice.
        await ok(
          "run",
          "-d",
          "--name",
          "twin",
          "--restart",
          "always",
          "alpine",
          "sh",
          "-c",
          "sleep 0.2",
        );
        await eventually(
          async () => Number((await ok("inspect", "-f", "{{.RestartCount}}", "twin")).trim()) >= 2,
          "the twin's restarts",
        );
        await ok("rm", "-f", "twin");
        assertEquals(
          await ok("inspect", "-f", "{{.RestartCount}} {{.State.Running}}", "phoenix"),
          `${count.trim()} false\n`,
        );
      },
    );

    await t.step("logs --tail, --timestamps, --since", async () => {
      await ok(
        "run",
        "--name",
        "lines",
        "alpine",
        "sh",
        "-c",
        "for i in 1 2 3 4 5; do echo line$i; done",
      );
      assertEquals(await ok("logs", "--tail", "2", "lines"), "line4\nline5\n");
      const stamped = (await ok("logs", "--timestamps", "--tail", "1", "lines")).trim();
      assert(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z line5$/.test(stamped), stamped);
      assertEquals(await ok("logs", "--since", "1h", "--tail", "1", "lines"), "line5\n");
      assertEquals(await ok("logs", "--until", "2000-01-01T00:00:00Z", "lines"), "");
    });

    await t.step("-e, -w, -u, --hostname, --add-host", async () => {
      const out = await ok(
        "run",
        "--rm",
        "-e",
        "GREETING=hello",
        "-w",
        "/srv/app",
        "-u",
        "nobody",
        "--hostname",
        "box",
        "--add-host",
        "db.local:10.1.2.3",
        "alpine",
        "sh",
        "-c",
        "echo $GREETING; pwd; whoami; hostname; grep db.local /etc/hosts",
      );
      assertEquals(out.split("\n").slice(0, 4), ["hello", "/srv/app", "nobody", "box"]);
      assertStringIncludes(out, "10.1.2.3");
    });

    await t.step(
      "-v bind mounts (rw and ro), --tmpfs, named volumes shared between containers",
      async () => {
        const dir = await Deno.makeTempDir();
        await Deno.writeTextFile(`${dir}/in.txt`, "from host\n");
        assertEquals(
          await ok(
            "run",
            "--rm",
            "-v",
            `${dir}:/data`,
            "alpine",
            "sh",
            "-c",
            "cat /data/in.txt; echo back > /data/out.txt",
          ),
          "from host\n",
        );
        assertEquals(await Deno.readTextFile(`${dir}/out.txt`), "back\n");
        const ro = await docker(
          daemon,
          "run",
          "--rm",
          "-v",
          `${dir}:/data:ro`,
          "alpine",
          "sh",
          "-c",
          "echo x > /data/nope.txt",
        );
        assert(ro.code !== 0, "a read-only bind refuses writes");
        assertEquals(
          await ok(
            "run",
            "--rm",
            "--tmpfs",
            "/scratch",
            "alpine",
            "sh",
            "-c",
            "echo t > /scratch/f; cat /scratch/f",
          ),
          "t\n",
        );
        await ok("run", "--rm", "-v", "shared:/v", "alpine", "sh", "-c", "echo kept > /v/file");
        assertEquals(
          await ok("run", "--rm", "-v", "shared:/v", "alpine", "cat", "/v/file"),
          "kept\n",
        );
        await Deno.remove(dir, { recursive: true });
      },
    );

    await t.step("docker restart, docker diff, docker export, docker update", async () => {
      await ok(
        "run",
        "-d",
        "--name",
        "rs",
        "alpine",
        "sh",
        "-c",
        "date +%s%N >> /tmp/starts; sleep 600",
      );
      await ok("restart", "-t", "1", "rs");
      await eventually(
        async () => (await ok("exec", "rs", "wc", "-l", "/tmp/starts")).trim().startsWith("2"),
        "second start",
      );
      assertStringIncludes(await ok("diff", "rs"), "A /tmp/starts");
      const tar = await runCommand("sh", [
        "-c",
        "docker export rs | tar -t | grep -c etc/os-release",
      ], daemon.env);
      assertEquals(tar.stdout.trim(), "1");
      await ok("update", "--restart", "unless-stopped", "rs");
      assertEquals(
        await ok("inspect", "-f", "{{.HostConfig.RestartPolicy.Name}}", "rs"),
        "unless-stopped\n",
      );
      await ok("rm", "-f", "rs");
    });

    await t.step("an unknown command fails the start with exit 127", async () => {
      const r = await docker(daemon, "run", "--rm", "alpine", "no-such-binary");
      assertEquals(r.code, 127);
      assertStringIncludes(r.stderr, 'exec: "no-such-binary": executable file not found in $PATH');
    });
  },
});
