/**
 * docker CLI scenarios: exec (exit codes, -e/-w/-u, -d, -t, a missing executable), cp (both
 * directions, modes, directories, tar on stdin, the errors for missing paths) and logs
 * (stdout/stderr kept apart, --tail, -n, -f on an exited container, TTY line ends, --since).
 */
import { assertEquals } from "../../_helpers/assert.ts";
import { waitFor } from "../../_helpers/wait.ts";
import { runHelp, Scenarios } from "./scenario.ts";

const s = await Scenarios.start("exec_cp_logs");
Deno.test.afterAll(() => s.stop());

const NOT_FOUND = "OCI runtime exec failed: exec failed: unable to start container process: " +
  'exec: "nosuch": executable file not found in $PATH: unknown';

Deno.test({
  name: "docker CLI scenarios: exec, cp and logs",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    await s.ok("pull", "-q", "alpine");
    await s.ok("run", "-d", "--name", "box", "-e", "FOO=bar", "alpine", "sleep", "600");
    const id = (await s.ok("inspect", "-f", "{{.Id}}", "box")).trim();
    const host = await Deno.makeTempDir({ prefix: "sockerless-scn-cp-" });

    // ---- exec ------------------------------------------------------------------------------

    await s.step(t, "docker exec passes the command's exit code through", async () => {
      await s.expect(["exec", "box", "sh", "-c", "echo out; echo err >&2; exit 5"], {
        code: 5,
        stdout: "out\n",
        stderr: "err\n",
      });
    });

    await s.step(t, "docker exec -e -w -u set env, directory and user", async () => {
      await s.expect([
        "exec",
        "-e",
        "A=1",
        "-w",
        "/tmp",
        "-u",
        "nobody",
        "box",
        "sh",
        "-c",
        'echo "$A $(pwd) $(whoami) $FOO"',
      ], { code: 0, stdout: "1 /tmp nobody bar\n" });
    });

    await s.step(t, "docker exec -d runs in the background", async () => {
      await s.expect(["exec", "-d", "box", "sh", "-c", "echo detached > /tmp/d"], {
        code: 0,
        stdout: "",
      });
      await waitFor(
        async () => (await s.docker("exec", "box", "cat", "/tmp/d")).stdout === "detached\n",
        { message: "the detached exec to write /tmp/d" },
      );
    });

    await s.step(t, "docker exec -t ends lines with CRLF and merges stderr", async () => {
      await s.expect(["exec", "-t", "box", "sh", "-c", "echo tty; echo err >&2"], {
        code: 0,
        stdout: "tty\r\nerr\r\n",
      });
    });

    await s.step(
      t,
      "docker exec of a missing executable: 127 and the runtime's message",
      async () => {
        await s.expect(["exec", "box", "nosuch"], { code: 127, stdout: `${NOT_FOUND}\r\n` });
      },
    );

    await s.step(t, "docker exec -d of a missing executable fails at once", async () => {
      await s.expect(["exec", "-d", "box", "nosuch"], {
        code: 1,
        stderr: `Error response from daemon: ${NOT_FOUND}\n`,
      });
    });

    await s.step(t, "docker exec -u of a user the image lacks", async () => {
      await s.expect(["exec", "-u", "ghost", "box", "id"], {
        code: 126,
        stdout: "unable to find user ghost: no matching entries in passwd file\r\n",
      });
    });

    await s.step(t, "docker exec -w of a missing directory", async () => {
      await s.expect(["exec", "-w", "/nowhere", "box", "pwd"], {
        code: 127,
        stdout: "OCI runtime exec failed: exec failed: unable to start container process: chdir " +
          'to cwd ("/nowhere") set in config.json failed: no such file or directory: unknown\r\n',
      });
    });

    await s.step(t, "docker run -u of a user the image lacks", async () => {
      await s.expect(["run", "--rm", "-u", "ghost", "alpine", "id"], {
        code: 125,
        stderr: "docker: Error response from daemon: unable to find user ghost: no matching " +
          `entries in passwd file${runHelp()}`,
      });
    });

    await s.step(t, "docker exec in an unknown container", async () => {
      await s.expect(["exec", "nope", "true"], {
        code: 1,
        stderr: "Error response from daemon: No such container: nope\n",
      });
    });

    await s.step(t, "docker exec of an exited container names it not running", async () => {
      await s.ok("run", "--name", "gone", "alpine", "true");
      const gone = (await s.ok("inspect", "-f", "{{.Id}}", "gone")).trim();
      await s.expect(["exec", "gone", "true"], {
        code: 1,
        stderr: `Error response from daemon: container ${gone} is not running\n`,
      });
    });

    // ---- cp --------------------------------------------------------------------------------

    await s.step(t, "docker cp host file → container keeps content and mode", async () => {
      await Deno.writeTextFile(`${host}/run.sh`, "echo ran\n");
      await Deno.chmod(`${host}/run.sh`, 0o755);
      await s.expect(["cp", `${host}/run.sh`, "box:/usr/local/bin/run.sh"], { code: 0 });
      await s.expect(["exec", "box", "stat", "-c", "%a %s", "/usr/local/bin/run.sh"], {
        code: 0,
        stdout: "755 9\n",
      });
      await s.expect(["exec", "box", "run.sh"], { code: 0, stdout: "ran\n" });
    });

    await s.step(t, "docker cp container file → host file", async () => {
      await s.ok("exec", "box", "sh", "-c", "printf 'a\\nb\\n' > /tmp/two");
      await s.expect(["cp", "box:/tmp/two", `${host}/two.txt`], { code: 0 });
      assertEquals(await Deno.readTextFile(`${host}/two.txt`), "a\nb\n");
    });

    await s.step(t, "docker cp container dir → new host dir", async () => {
      await s.ok("exec", "box", "sh", "-c", "mkdir -p /out/sub && echo x > /out/sub/x");
      await s.expect(["cp", "box:/out", `${host}/out`], { code: 0 });
      assertEquals(await Deno.readTextFile(`${host}/out/sub/x`), "x\n");
    });

    await s.step(
      t,
      "docker cp box:/dir/. to a new host directory copies the contents",
      async () => {
        await s.expect(["cp", "box:/out/.", `${host}/contents`], { code: 0 });
        assertEquals(await Deno.readTextFile(`${host}/contents/sub/x`), "x\n");
        assertEquals(await Deno.stat(`${host}/contents/out`).catch(() => null), null);
      },
    );

    await s.step(t, "docker cp box:/dir/. into an existing host directory", async () => {
      await Deno.mkdir(`${host}/existing`);
      await s.expect(["cp", "box:/out/.", `${host}/existing`], { code: 0 });
      assertEquals(await Deno.readTextFile(`${host}/existing/sub/x`), "x\n");
    });

    await s.step(t, "docker cp - takes a tar on stdin", async () => {
      await Deno.mkdir(`${host}/tarsrc`);
      await Deno.writeTextFile(`${host}/tarsrc/in.txt`, "from tar\n");
      const r = await s.command("sh", [
        "-c",
        `tar -C ${host}/tarsrc -cf - in.txt | docker cp - box:/tmp`,
      ]);
      assertEquals([r.code, r.stdout, r.stderr], [0, "", ""]);
      await s.expect(["exec", "box", "cat", "/tmp/in.txt"], { code: 0, stdout: "from tar\n" });
    });

    await s.step(t, "docker cp out of an exited container", async () => {
      await s.expect(["cp", "gone:/etc/hostname", `${host}/gone-hostname`], { code: 0 });
      const gone = (await s.ok("inspect", "-f", "{{.Id}}", "gone")).trim();
      assertEquals(await Deno.readTextFile(`${host}/gone-hostname`), `${gone.slice(0, 12)}\n`);
    });

    await s.step(t, "docker cp into a missing container directory", async () => {
      await s.expect(["cp", `${host}/run.sh`, "box:/no/such/file.txt"], {
        code: 1,
        stderr: "Error response from daemon: Could not find the file /no/such in container box\n",
      });
    });

    await s.step(t, "docker cp from a missing container path", async () => {
      await s.expect(["cp", "box:/nonexistent", `${host}/x`], {
        code: 1,
        stderr: "Error response from daemon: Could not find the file /nonexistent in container " +
          "box\n",
      });
    });

    await s.step(t, "docker cp to a missing host directory", async () => {
      await s.expect(["cp", "box:/tmp/two", `${host}/nodir/x/`], {
        code: 1,
        stderr: `invalid output path: directory "${host}/nodir" does not exist\n`,
      });
    });

    await s.step(t, "docker cp with an unknown container", async () => {
      await s.expect(["cp", "nope:/x", host], {
        code: 1,
        stderr: "Error response from daemon: No such container: nope\n",
      });
    });

    await s.step(t, "docker cp into a --read-only container is refused", async () => {
      await s.ok("create", "--name", "frozen", "--read-only", "alpine", "true");
      const frozen = (await s.ok("inspect", "-f", "{{.Id}}", "frozen")).trim();
      await s.expect(["cp", `${host}/run.sh`, "frozen:/run.sh"], {
        code: 1,
        stderr: "Error response from daemon: container rootfs is marked read-only\n",
      });
      assertEquals(frozen.length, 64);
    });

    await s.step(
      t,
      "docker cp into a read-only mount is refused; a writable one under a --read-only root is not",
      async () => {
        await Deno.mkdir(`${host}/ro`);
        await s.ok(
          "create",
          "--name",
          "mounts",
          "--read-only",
          "-v",
          `${host}/ro:/ro:ro`,
          "--tmpfs",
          "/scratch",
          "alpine",
          "true",
        );
        await s.expect(["cp", `${host}/run.sh`, "mounts:/ro/run.sh"], {
          code: 1,
          stderr: "Error response from daemon: mounted volume is marked read-only\n",
        });
        await s.expect(["cp", `${host}/run.sh`, "mounts:/scratch/run.sh"], { code: 0 });
      },
    );

    // ---- logs ------------------------------------------------------------------------------

    await s.ok(
      "run",
      "-d",
      "--name",
      "talker",
      "alpine",
      "sh",
      "-c",
      "echo o1; echo e1 >&2; echo o2",
    );
    await s.ok("wait", "talker");

    await s.step(t, "docker logs keeps stdout and stderr apart", async () => {
      await s.expect(["logs", "talker"], { code: 0, stdout: "o1\no2\n", stderr: "e1\n" });
    });

    await s.step(t, "docker logs --tail 0 prints nothing", async () => {
      await s.expect(["logs", "--tail", "0", "talker"], { code: 0, stdout: "", stderr: "" });
    });

    await s.step(t, "docker logs -n 1 prints the last line", async () => {
      await s.expect(["logs", "-n", "1", "talker"], { code: 0, stdout: "o2\n" });
    });

    await s.step(t, "docker logs -f of an exited container ends", async () => {
      await s.expect(["logs", "-f", "talker"], { code: 0, stdout: "o1\no2\n", stderr: "e1\n" });
    });

    await s.step(t, "docker logs --since in the future prints nothing", async () => {
      const future = new Date(Date.now() + 3_600_000).toISOString();
      await s.expect(["logs", "--since", future, "talker"], { code: 0, stdout: "" });
    });

    await s.step(t, "docker logs of a TTY container has CRLF line ends", async () => {
      await s.ok("run", "-t", "--name", "tty", "alpine", "sh", "-c", "echo tty; echo err >&2");
      await s.expect(["logs", "tty"], { code: 0, stdout: "tty\r\nerr\r\n" });
    });

    await s.step(t, "docker logs --details with log labels", async () => {
      await s.ok("run", "--name", "plain", "alpine", "echo", "detail");
      await s.expect(["logs", "--details", "plain"], { code: 0, stdout: "detail\n" });
    });

    await s.step(t, "docker logs of a --log-driver none container", async () => {
      await s.expect(
        ["run", "--name", "quiet", "--log-driver", "none", "alpine", "echo", "shown"],
        {
          code: 0,
          stdout: "shown\n",
        },
      );
      await s.expect(["logs", "quiet"], {
        code: 1,
        stderr: "Error response from daemon: configured logging driver does not support reading\n",
      });
    });

    await s.step(
      t,
      "docker run --log-driver syslog is refused: nothing would be shipped",
      async () => {
        await s.expect(["run", "--rm", "--log-driver", "syslog", "alpine", "true"], {
          code: 125,
          stderr: "docker: Error response from daemon: log driver syslog is not supported by the " +
            `memory backend: container output stays in the daemon (json-file, local or none)${runHelp()}`,
        });
      },
    );

    await s.step(t, "docker run --log-driver of an unknown driver", async () => {
      await s.expect(["run", "--rm", "--log-driver", "nope", "alpine", "true"], {
        code: 125,
        stderr:
          `docker: Error response from daemon: logger: no log driver named 'nope' is registered${runHelp()}`,
      });
    });

    await s.step(t, "docker run --log-driver local keeps logs readable", async () => {
      await s.ok(
        "run",
        "--name",
        "local",
        "--log-driver",
        "local",
        "--log-opt",
        "max-size=1m",
        "alpine",
        "echo",
        "kept",
      );
      await s.expect(["logs", "local"], { code: 0, stdout: "kept\n" });
    });

    await s.step(t, "docker attach to an exited container is refused", async () => {
      await s.expect(["attach", "talker"], {
        code: 1,
        stderr: "You cannot attach to a stopped container, start it first\n",
      });
    });

    await s.ok("rm", "-f", "box");
    assertEquals(id.length, 64);
    await Deno.remove(host, { recursive: true });
  },
});
