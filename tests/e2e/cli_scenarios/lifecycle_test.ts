/**
 * docker CLI scenarios: container lifecycle — the errors scripts test for (unknown container,
 * name conflict, invalid name, removing a running container, killing a stopped one, renaming to
 * the same name, pause/unpause states, unknown signals), `docker top` and its ps arguments,
 * signals and traps, run options (--entrypoint, --env-file, -u, -w, --read-only, update),
 * waiting, and ports: the memory backend's clear refusal of publishing, exposed ports and the
 * expose/publish filters.
 */
import { assertEquals } from "../../_helpers/assert.ts";
import { waitFor } from "../../_helpers/wait.ts";
import { runHelp, Scenarios } from "./scenario.ts";

const s = await Scenarios.start("lifecycle");
Deno.test.afterAll(() => s.stop());

const PORTS_REFUSED = "port publishing is not supported by the memory backend: " +
  "its containers have no network sockets";

Deno.test({
  name: "docker CLI scenarios: container lifecycle",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    await s.ok("pull", "-q", "alpine");
    const id = (await s.ok("run", "-d", "--name", "web", "alpine", "sleep", "600")).trim();
    await s.expect(["run", "--name", "x3", "alpine", "sh", "-c", "exit 3"], { code: 3 });
    const x3 = (await s.ok("inspect", "-f", "{{.Id}}", "x3")).trim();

    const unknown = "Error response from daemon: No such container: nope\n";
    const unknownCases: [string, string][] = [
      ["rm", unknown],
      ["stop", unknown],
      ["logs", unknown],
      ["start", `${unknown}Error: failed to start containers: nope\n`],
      ["restart", unknown],
      ["wait", unknown],
      ["top", unknown],
      ["port", unknown],
    ];
    for (const [cmd, stderr] of unknownCases) {
      await s.step(t, `docker ${cmd} of an unknown container`, async () => {
        await s.expect([cmd, "nope"], { code: 1, stderr });
      });
    }

    await s.step(t, "a name conflict fails docker run with 125", async () => {
      await s.expect(["run", "--name", "web", "alpine", "true"], {
        code: 125,
        stderr: 'docker: Error response from daemon: Conflict. The container name "/web" is ' +
          `already in use by container "${id}". You have to remove (or rename) that container ` +
          `to be able to reuse that name.${runHelp()}`,
      });
    });

    await s.step(t, "an invalid container name is refused", async () => {
      await s.expect(["create", "--name", "bad name!", "alpine", "true"], {
        code: 1,
        stderr: "Error response from daemon: Invalid container name (bad name!), only " +
          "[a-zA-Z0-9][a-zA-Z0-9_.-] are allowed\n",
      });
    });

    await s.step(t, "removing a running container without -f is refused", async () => {
      await s.expect(["rm", "web"], {
        code: 1,
        stderr: 'Error response from daemon: cannot remove container "/web": container is ' +
          "running: stop the container before removing or force remove\n",
      });
    });

    await s.step(t, "docker kill of a stopped container is refused", async () => {
      await s.expect(["kill", "x3"], {
        code: 1,
        stderr: `Error response from daemon: cannot kill container: x3: container ${x3} is ` +
          "not running\n",
      });
    });

    await s.step(t, "docker start of a running one and stop of a stopped one", async () => {
      await s.expect(["start", "web"], { code: 0, stdout: "web\n" });
      await s.expect(["stop", "x3"], { code: 0, stdout: "x3\n" });
    });

    await s.step(t, "docker top lists the main process once", async () => {
      const pid = (await s.ok("inspect", "-f", "{{.State.Pid}}", "web")).trim();
      const out = await s.ok("top", "web");
      const rows = out.trim().split("\n").map((l) => l.split(/\s{2,}/));
      assertEquals(rows[0], ["UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"]);
      assertEquals(rows.slice(1).map((r) => [r[0], r[1], r[2], r.at(-1)]), [
        ["root", pid, "0", "sleep 600"],
      ]);
    });

    await s.step(t, "docker top -o pid,comm and aux", async () => {
      const pid = (await s.ok("inspect", "-f", "{{.State.Pid}}", "web")).trim();
      await s.expect(["top", "web", "-o", "pid,comm"], {
        code: 0,
        stdout: new RegExp(`^PID\\s+COMMAND\\n${pid}\\s+sleep\\n$`),
      });
      const aux = (await s.ok("top", "web", "aux")).split("\n")[0].split(/\s+/);
      assertEquals([aux[0], aux[1], aux.at(-1)], ["USER", "PID", "COMMAND"]);
    });

    await s.step(t, "docker top with ps arguments the backend cannot render", async () => {
      await s.expect(["top", "web", "-o", "pid,rss"], {
        code: 1,
        stderr:
          /^Error response from daemon: ps arguments "-o pid,rss" are not supported by the memory backend: .*\n$/,
      });
    });

    await s.step(t, "docker stop runs the container's TERM trap; its exit code stays", async () => {
      await s.ok(
        "run",
        "-d",
        "--name",
        "trapper",
        "alpine",
        "sh",
        "-c",
        'trap "echo got TERM; exit 9" TERM; echo ready; while true; do sleep 0.1; done',
      );
      await s.expect(["stop", "trapper"], { code: 0, stdout: "trapper\n" });
      await s.expect(["logs", "trapper"], { code: 0, stdout: "ready\ngot TERM\n", stderr: "" });
      await s.expect(["inspect", "-f", "{{.State.ExitCode}}", "trapper"], {
        code: 0,
        stdout: "9\n",
      });
      await s.ok("rm", "trapper");
    });

    await s.step(
      t,
      "docker kill -s USR1 ends a process without a handler with 128+10",
      async () => {
        await s.ok("run", "-d", "--name", "usr1", "alpine", "sleep", "600");
        await s.expect(["kill", "-s", "USR1", "usr1"], { code: 0, stdout: "usr1\n" });
        await s.expect(["wait", "usr1"], { code: 0, stdout: "138\n" });
        await s.ok("rm", "usr1");
      },
    );

    await s.step(
      t,
      "docker rename to the current name is refused; the container stays",
      async () => {
        await s.expect(["rename", "web", "web"], {
          code: 1,
          stderr: "Error response from daemon: Renaming a container with the same name as its " +
            "current name\nError: failed to rename container named web\n",
        });
        await s.expect(["inspect", "-f", "{{.Name}}", "web"], { code: 0, stdout: "/web\n" });
      },
    );

    await s.step(t, "docker pause of a stopped and unpause of a running container", async () => {
      await s.expect(["pause", "x3"], {
        code: 1,
        stderr: `Error response from daemon: container ${x3} is not running\n`,
      });
      await s.expect(["unpause", "web"], {
        code: 1,
        stderr: `Error response from daemon: container ${id} is not paused\n`,
      });
    });

    await s.step(t, "docker kill -s with an unknown signal", async () => {
      await s.expect(["kill", "-s", "NOPE", "web"], {
        code: 1,
        stderr: "Error response from daemon: Invalid signal: NOPE\n",
      });
    });

    await s.step(t, "docker update --memory of a running container", async () => {
      await s.expect(["update", "--memory", "64m", "--memory-swap", "128m", "web"], {
        code: 0,
        stdout: "web\n",
      });
      await s.expect(
        ["inspect", "-f", "{{.HostConfig.Memory}} {{.HostConfig.MemorySwap}}", "web"],
        {
          code: 0,
          stdout: "67108864 134217728\n",
        },
      );
    });

    await s.step(t, "docker stop of a --rm container removes it", async () => {
      await s.ok("run", "-d", "--rm", "--name", "ephemeral", "alpine", "sleep", "600");
      await s.expect(["stop", "-t", "0", "ephemeral"], { code: 0, stdout: "ephemeral\n" });
      // As in dockerd, the removal follows the exit: it may land just after stop returns.
      await waitFor(async () => (await s.ok("ps", "-aq", "--filter", "name=ephemeral")) === "", {
        message: "the --rm container to be removed",
      });
    });

    await s.step(t, "docker run of an image no registry has", async () => {
      await s.expect(["run", "--rm", "nosuchimage", "true"], {
        code: 125,
        stderr: "Unable to find image 'nosuchimage:latest' locally\n" +
          "docker: Error response from daemon: pull access denied for nosuchimage, repository " +
          "does not exist or may require 'docker login': denied: requested access to the " +
          `resource is denied${runHelp()}`,
      });
    });

    await s.step(t, "docker run --entrypoint, --env-file and -u uid:gid", async () => {
      const dir = await Deno.makeTempDir({ prefix: "sockerless-scn-" });
      await Deno.writeTextFile(`${dir}/env`, "# comment\nA=1\nB=two words\n");
      await s.expect([
        "run",
        "--rm",
        "--env-file",
        `${dir}/env`,
        "-u",
        "1000:1000",
        "--entrypoint",
        "sh",
        "alpine",
        "-c",
        'echo "$A|$B"; id',
      ], { code: 0, stdout: "1|two words\nuid=1000 gid=1000 groups=1000\n" });
      await Deno.remove(dir, { recursive: true });
    });

    await s.step(t, 'docker run --entrypoint "" runs the given command bare', async () => {
      await s.expect(["run", "--rm", "--entrypoint", "", "alpine", "echo", "no entrypoint"], {
        code: 0,
        stdout: "no entrypoint\n",
      });
      await s.expect(["create", "--entrypoint", "", "alpine"], {
        code: 1,
        stderr: "Error response from daemon: no command specified\n",
      });
    });

    await s.step(t, "docker run -w with a relative directory is refused", async () => {
      await s.expect(["run", "--rm", "-w", "relative", "alpine", "pwd"], {
        code: 125,
        stderr: "docker: Error response from daemon: the working directory 'relative' is " +
          `invalid, it needs to be an absolute path${runHelp()}`,
      });
      await s.expect(["run", "--rm", "-w", "/srv/./app/../data", "alpine", "pwd"], {
        code: 0,
        stdout: "/srv/data\n",
      });
    });

    await s.step(t, "docker run --read-only refuses writes outside its mounts", async () => {
      await s.expect([
        "run",
        "--rm",
        "--read-only",
        "--tmpfs",
        "/tmp",
        "alpine",
        "sh",
        "-c",
        "echo ok > /tmp/f && cat /tmp/f && touch /etc/x",
      ], { code: 1, stdout: "ok\n", stderr: /^touch: .*[Rr]ead-only file system.*\n$/ });
    });

    await s.step(t, "docker wait of several containers prints each code", async () => {
      await s.ok("run", "-d", "--name", "w4", "alpine", "sh", "-c", "exit 4");
      await s.expect(["wait", "x3", "w4"], { code: 0, stdout: "3\n4\n" });
    });

    await s.step(t, "docker port of a container without published ports", async () => {
      await s.expect(["port", "web"], { code: 0, stdout: "" });
    });

    await s.step(t, "docker run -p is refused with the memory backend's limit", async () => {
      await s.expect(["run", "-d", "--name", "served", "-p", "8080:80", "alpine", "true"], {
        code: 125,
        stderr: `docker: Error response from daemon: ${PORTS_REFUSED} (80/tcp)${runHelp()}`,
      });
      await s.expect(["ps", "-a", "--filter", "name=served", "-q"], { code: 0, stdout: "" });
    });

    await s.step(t, "docker create -P with exposed ports is refused too", async () => {
      await s.expect(
        ["create", "-P", "--expose", "80", "--expose", "53/udp", "alpine", "true"],
        {
          code: 1,
          stderr: `Error response from daemon: ${PORTS_REFUSED} (53/udp, 80/tcp)\n`,
        },
      );
    });

    await s.step(t, "docker run --expose without publishing is accepted", async () => {
      await s.expect(["run", "--rm", "-P", "alpine", "echo", "no ports"], {
        code: 0,
        stdout: "no ports\n",
      });
      await s.ok("create", "--name", "exposed", "--expose", "9000", "alpine", "true");
      await s.expect(["inspect", "-f", "{{json .Config.ExposedPorts}}", "exposed"], {
        code: 0,
        stdout: '{"9000/tcp":{}}\n',
      });
    });

    await s.step(t, "docker ps shows a running container's exposed ports", async () => {
      await s.ok(
        "run",
        "-d",
        "--name",
        "ported",
        "--expose",
        "9000",
        "--expose",
        "53/udp",
        "alpine",
        "sleep",
        "600",
      );
      await s.expect(["ps", "--filter", "name=ported", "--format", "{{.Ports}}"], {
        code: 0,
        stdout: "53/udp, 9000/tcp\n",
      });
      await s.expect(["inspect", "-f", "{{json .NetworkSettings.Ports}}", "ported"], {
        code: 0,
        stdout: '{"53/udp":null,"9000/tcp":null}\n',
      });
    });

    await s.step(t, "docker ps --filter expose= with a port, a range and a protocol", async () => {
      for (
        const [value, names] of [["9000", "ported\n"], ["8000-9000", "ported\n"], ["53", ""], [
          "53/udp",
          "ported\n",
        ]]
      ) {
        await s.expect(["ps", "--filter", `expose=${value}`, "--format", "{{.Names}}"], {
          code: 0,
          stdout: names,
        });
      }
      await s.expect(["ps", "--filter", "publish=9000", "-q"], { code: 0, stdout: "" });
      await s.ok("rm", "-f", "ported");
    });
  },
});
