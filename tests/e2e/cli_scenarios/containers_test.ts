/**
 * docker CLI scenarios: containers — `docker ps` with the `--format` templates, `--filter`
 * combinations, `--quiet` and `--no-trunc` that scripts use; `docker inspect -f` on running and
 * exited containers; lifecycle answers and the errors scripts test for (unknown container, name
 * conflict, removing a running container); port publishing's clear refusal on the memory
 * backend.
 */
import { assert, assertEquals } from "../../_helpers/assert.ts";
import { FULL_ID, runHelp, Scenarios } from "./scenario.ts";

const s = await Scenarios.start("containers");
Deno.test.afterAll(() => s.stop());

const PORTS_REFUSED = "port publishing is not supported by the memory backend: " +
  "its containers have no network sockets";

Deno.test({
  name: "docker CLI scenarios: containers",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    await s.ok("pull", "-q", "alpine");
    let id = "";
    let x3 = "";

    await s.step(t, "docker run -d prints the full id", async () => {
      const r = await s.expect([
        "run",
        "-d",
        "--name",
        "web",
        "--label",
        "team=core",
        "--label",
        "tier=front",
        "-e",
        "FOO=bar",
        "-e",
        "EMPTY=",
        "alpine",
        "sleep",
        "600",
      ], { code: 0, stdout: FULL_ID });
      id = r.stdout.trim();
    });

    await s.step(t, "docker run of a failing command gives its exit code", async () => {
      await s.expect(["run", "--name", "x3", "alpine", "sh", "-c", "echo bye; exit 3"], {
        code: 3,
        stdout: "bye\n",
      });
      x3 = (await s.ok("inspect", "-f", "{{.Id}}", "x3")).trim();
    });

    await s.step(t, "docker ps --format '{{.ID}}' is the short id", async () => {
      await s.expect(["ps", "--format", "{{.ID}}"], { code: 0, stdout: `${id.slice(0, 12)}\n` });
    });

    await s.step(t, "docker ps -q --no-trunc is the full id", async () => {
      await s.expect(["ps", "-q", "--no-trunc"], { code: 0, stdout: `${id}\n` });
    });

    await s.step(t, "docker ps -aq lists newest first", async () => {
      await s.expect(["ps", "-aq"], {
        code: 0,
        stdout: `${x3.slice(0, 12)}\n${id.slice(0, 12)}\n`,
      });
    });

    await s.step(t, "docker ps --format '{{.Names}}' and '{{.Status}}'", async () => {
      await s.expect(["ps", "--format", "{{.Names}}"], { code: 0, stdout: "web\n" });
      await s.expect(["ps", "--format", "{{.Status}}"], {
        code: 0,
        stdout: /^Up (Less than a second|\d+ seconds?)\n$/,
      });
      await s.expect(["ps", "-a", "--filter", "name=x3", "--format", "{{.Status}}"], {
        code: 0,
        stdout: /^Exited \(3\) (Less than a second|\d+ seconds?) ago\n$/,
      });
    });

    await s.step(t, "docker ps --format '{{json .}}'", async () => {
      const row = JSON.parse(await s.ok("ps", "--format", "{{json .}}"));
      assertEquals(
        [row.ID, row.Names, row.Image, row.Command, row.State, row.Networks, row.Ports],
        [id.slice(0, 12), "web", "alpine", '"sleep 600"', "running", "bridge", ""],
      );
      assertEquals(row.Labels.split(",").sort(), ["team=core", "tier=front"]);
    });

    await s.step(t, "docker ps --format 'table ...' prints the header row", async () => {
      await s.expect(["ps", "--format", "table {{.Names}}\t{{.Image}}\t{{.Command}}"], {
        code: 0,
        stdout: 'NAMES     IMAGE     COMMAND\nweb       alpine    "sleep 600"\n',
      });
    });

    await s.step(t, "docker ps prints the default table", async () => {
      const out = await s.ok("ps");
      const [head, row, ...rest] = out.split("\n");
      assertEquals(
        head.split(/\s{2,}/),
        ["CONTAINER ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "PORTS", "NAMES"],
      );
      assert(row.startsWith(`${id.slice(0, 12)}   alpine    "sleep 600"   `), row);
      assert(row.endsWith(" web"), row);
      assertEquals(rest, [""]);
    });

    await s.step(t, "docker ps -a --filter exited=3", async () => {
      await s.expect(["ps", "-a", "--filter", "exited=3", "--format", "{{.Names}}"], {
        code: 0,
        stdout: "x3\n",
      });
    });

    await s.step(t, "docker ps --filter status=running --filter label=team=core", async () => {
      await s.expect([
        "ps",
        "-a",
        "--filter",
        "status=running",
        "--filter",
        "label=team=core",
        "--format",
        "{{.Names}}",
      ], { code: 0, stdout: "web\n" });
    });

    await s.step(t, "docker ps --filter label=tier (key only) and label=team=other", async () => {
      await s.expect(["ps", "-a", "--filter", "label=tier", "-q"], {
        code: 0,
        stdout: `${id.slice(0, 12)}\n`,
      });
      await s.expect(["ps", "-a", "--filter", "label=team=other", "-q"], { code: 0, stdout: "" });
    });

    await s.step(t, "docker ps --filter ancestor=alpine --filter name=x", async () => {
      await s.expect([
        "ps",
        "-a",
        "--filter",
        "ancestor=alpine",
        "--filter",
        "name=x",
        "--format",
        "{{.Names}} {{.Image}}",
      ], { code: 0, stdout: "x3 alpine\n" });
    });

    await s.step(t, "docker ps --filter status=created (OR with status=exited)", async () => {
      await s.expect(["create", "--name", "fresh", "alpine", "true"], {
        code: 0,
        stdout: FULL_ID,
      });
      await s.expect([
        "ps",
        "-a",
        "--filter",
        "status=created",
        "--filter",
        "status=exited",
        "--format",
        "{{.Names}}\t{{.State}}",
      ], { code: 0, stdout: "fresh\tcreated\nx3\texited\n" });
    });

    await s.step(t, "docker ps -l and -n 2", async () => {
      await s.expect(["ps", "-l", "--format", "{{.Names}}"], { code: 0, stdout: "fresh\n" });
      await s.expect(["ps", "-n", "2", "--format", "{{.Names}}"], {
        code: 0,
        stdout: "fresh\nx3\n",
      });
    });

    await s.step(t, "docker ps --filter id=<prefix> and since=<name>", async () => {
      await s.expect(["ps", "-a", "--filter", `id=${id.slice(0, 6)}`, "--format", "{{.Names}}"], {
        code: 0,
        stdout: "web\n",
      });
      await s.expect(["ps", "-a", "--filter", "since=web", "--format", "{{.Names}}"], {
        code: 0,
        stdout: "fresh\nx3\n",
      });
      await s.expect(["ps", "-a", "--filter", "before=x3", "--format", "{{.Names}}"], {
        code: 0,
        stdout: "web\n",
      });
    });

    await s.step(t, "docker ps with a bad filter fails with dockerd's message", async () => {
      await s.expect(["ps", "--filter", "colour=red"], {
        code: 1,
        stderr: "Error response from daemon: invalid filter 'colour'\n",
      });
    });

    await s.step(t, "docker ps -s shows the writable layer and the virtual size", async () => {
      await s.expect(["ps", "-s", "--format", "{{.Names}} {{.Size}}"], {
        code: 0,
        stdout: /^web 0B \(virtual \d+(\.\d+)?kB\)\n$/,
      });
    });

    await s.step(t, "docker inspect -f on an exited container", async () => {
      await s.expect(["inspect", "-f", "{{.State.Status}} {{.State.ExitCode}}", "x3"], {
        code: 0,
        stdout: "exited 3\n",
      });
      await s.expect(
        ["inspect", "-f", "{{.State.Running}} {{.State.Pid}} {{.State.OOMKilled}}", "x3"],
        { code: 0, stdout: "false 0 false\n" },
      );
      await s.expect(["inspect", "-f", "{{.State.FinishedAt}}", "x3"], {
        code: 0,
        stdout: /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z\n$/,
      });
    });

    await s.step(t, "docker inspect -f '{{.State.Status}}' on a running container", async () => {
      await s.expect(["inspect", "-f", "{{.State.Status}} {{.State.Running}}", "web"], {
        code: 0,
        stdout: "running true\n",
      });
    });

    await s.step(t, "docker inspect -f '{{.Config.Env}}'", async () => {
      // The CLI passes -e values through a map (its proxy settings), so their order varies.
      const env = await s.ok("inspect", "-f", "{{.Config.Env}}", "web");
      assert(/^\[.*\]\n$/.test(env), env);
      assertEquals(env.slice(1, -2).split(" ").sort(), [
        "EMPTY=",
        "FOO=bar",
        "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
      ]);
    });

    await s.step(t, "docker inspect -f '{{index .Config.Labels \"team\"}}'", async () => {
      await s.expect(["inspect", "-f", '{{index .Config.Labels "team"}}', "web"], {
        code: 0,
        stdout: "core\n",
      });
      await s.expect(["inspect", "-f", "{{json .Config.Labels}}", "web"], {
        code: 0,
        stdout: '{"team":"core","tier":"front"}\n',
      });
    });

    await s.step(t, "docker inspect -f '{{.NetworkSettings.Networks}}'", async () => {
      await s.expect(["inspect", "-f", "{{.NetworkSettings.Networks}}", "web"], {
        code: 0,
        stdout: /^map\[bridge:0x[0-9a-f]+\]\n$/,
      });
      await s.expect([
        "inspect",
        "-f",
        "{{range $k, $v := .NetworkSettings.Networks}}{{$k}} {{$v.IPAddress}} {{$v.Gateway}}{{end}}",
        "web",
      ], { code: 0, stdout: /^bridge 172\.17\.0\.\d+ 172\.17\.0\.1\n$/ });
    });

    await s.step(t, "docker inspect -f '{{range .Mounts}}...{{end}}'", async () => {
      const dir = await Deno.makeTempDir({ prefix: "sockerless-scn-" });
      await s.ok(
        "run",
        "--name",
        "mounted",
        "-v",
        `${dir}:/host:ro`,
        "-v",
        "scnvol:/data",
        "alpine",
        "true",
      );
      // The CLI collects -v values in a map, so their order (and dockerd's) is not fixed.
      const mounts = await s.ok(
        "inspect",
        "-f",
        "{{range .Mounts}}{{.Type}} {{.Destination}} {{.RW}} {{.Name}};{{end}}",
        "mounted",
      );
      assertEquals(mounts.trim().split(";").filter(Boolean).sort(), [
        "bind /host false ",
        "volume /data true scnvol",
      ]);
      const binds = await s.ok("inspect", "-f", "{{json .HostConfig.Binds}}", "mounted");
      assertEquals(JSON.parse(binds).sort(), [`${dir}:/host:ro`, "scnvol:/data"]);
      await s.ok("rm", "-v", "mounted");
      await Deno.remove(dir, { recursive: true });
    });

    await s.step(t, "docker inspect -f with names, image and id", async () => {
      const image = (await s.ok("image", "inspect", "-f", "{{.Id}}", "alpine")).trim();
      await s.expect(["inspect", "-f", "{{.Name}} {{.Config.Image}} {{.Image}}", "web"], {
        code: 0,
        stdout: `/web alpine ${image}\n`,
      });
      await s.expect(["container", "inspect", "--format", "{{.Id}}", "web"], {
        code: 0,
        stdout: `${id}\n`,
      });
    });

    await s.step(t, "docker inspect of an unknown name: No such object", async () => {
      await s.expect(["inspect", "nope"], {
        code: 1,
        stdout: "[]\n",
        stderr: "Error: No such object: nope\n",
      });
    });

    await s.step(t, "docker container inspect of an unknown container", async () => {
      await s.expect(["container", "inspect", "nope"], {
        code: 1,
        stdout: "[]\n",
        stderr: "Error response from daemon: No such container: nope\n",
      });
    });

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
      let left = "?";
      for (let i = 0; i < 40 && left !== ""; i++) {
        left = await s.ok("ps", "-aq", "--filter", "name=ephemeral");
        if (left !== "") await new Promise((r) => setTimeout(r, 50));
      }
      assertEquals(left, "");
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

    await s.step(t, "docker container prune --filter label=", async () => {
      await s.ok("run", "--name", "tagged", "--label", "prune=yes", "alpine", "true");
      const tagged = (await s.ok("inspect", "-f", "{{.Id}}", "tagged")).trim();
      await s.expect(["container", "prune", "-f", "--filter", "label=prune=yes"], {
        code: 0,
        stdout: `Deleted Containers:\n${tagged}\n\nTotal reclaimed space: 0B\n`,
      });
      await s.expect(["ps", "-a", "--format", "{{.Names}}"], {
        code: 0,
        stdout: "exposed\nw4\nfresh\nx3\nweb\n",
      });
    });

    await s.step(t, "docker rm -f of several, one unknown: reported, not a failure", async () => {
      await s.expect(["rm", "-f", "w4", "nope", "fresh"], {
        code: 0,
        stdout: "w4\nfresh\n",
        stderr: "Error response from daemon: No such container: nope\n",
      });
    });
  },
});
