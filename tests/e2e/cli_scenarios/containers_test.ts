/**
 * docker CLI scenarios: containers — `docker ps` with the `--format` templates, `--filter`
 * combinations, `--quiet` and `--no-trunc` that scripts use; `docker inspect -f` on running and
 * exited containers; unknown objects; prune and remove. Lifecycle errors, run options and ports
 * are in `lifecycle_test.ts`.
 */
import { assert, assertEquals } from "../../_helpers/assert.ts";
import { FULL_ID, Scenarios } from "./scenario.ts";

const s = await Scenarios.start("containers");
Deno.test.afterAll(() => s.stop());

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

    await s.step(t, "docker container prune --filter label=", async () => {
      await s.ok("run", "--name", "tagged", "--label", "prune=yes", "alpine", "true");
      const tagged = (await s.ok("inspect", "-f", "{{.Id}}", "tagged")).trim();
      await s.expect(["container", "prune", "-f", "--filter", "label=prune=yes"], {
        code: 0,
        stdout: `Deleted Containers:\n${tagged}\n\nTotal reclaimed space: 0B\n`,
      });
      await s.expect(["ps", "-a", "--format", "{{.Names}}"], {
        code: 0,
        stdout: "fresh\nx3\nweb\n",
      });
    });

    await s.step(t, "docker rm -f of several, one unknown: reported, not a failure", async () => {
      await s.expect(["rm", "-f", "fresh", "nope", "x3"], {
        code: 0,
        stdout: "fresh\nx3\n",
        stderr: "Error response from daemon: No such container: nope\n",
      });
    });
  },
});
