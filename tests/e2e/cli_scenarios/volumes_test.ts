/**
 * docker CLI scenarios: volumes — `volume ls` with `--format` and `--filter`, `volume inspect -f`
 * templates, implicit and idempotent volume creation, bind and volume mount modes, local volumes
 * bound to a host directory, and the errors for missing sources, bad options and names.
 */
import { assertEquals } from "../../_helpers/assert.ts";
import { runHelp, Scenarios } from "./scenario.ts";

const s = await Scenarios.start("volumes");
Deno.test.afterAll(() => s.stop());

Deno.test({
  name: "docker CLI scenarios: volumes",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    await s.ok("pull", "-q", "alpine");
    const dir = await Deno.makeTempDir({ prefix: "sockerless-scn-nv-" });

    await s.step(t, "docker volume create prints the name; again is idempotent", async () => {
      await s.expect(["volume", "create", "--label", "a=b", "vol1"], {
        code: 0,
        stdout: "vol1\n",
      });
      await s.expect(["volume", "create", "vol1"], { code: 0, stdout: "vol1\n" });
    });

    await s.step(t, "docker volume create of a name no folder can have is a 400", async () => {
      const name = "v".repeat(300);
      await s.expect(["volume", "create", name], {
        code: 1,
        stderr: `Error response from daemon: create ${"v".repeat(32)}…: a local volume name is ` +
          "at most 255 characters (this one has 300)\n",
      });
    });

    await s.step(t, "docker volume ls --format '{{.Name}} {{.Driver}}'", async () => {
      await s.expect(["volume", "ls", "--format", "{{.Name}} {{.Driver}}"], {
        code: 0,
        stdout: "vol1 local\n",
      });
    });

    await s.step(t, "docker volume ls --format '{{json .}}'", async () => {
      const row = JSON.parse(await s.ok("volume", "ls", "--format", "{{json .}}"));
      assertEquals(
        [row.Name, row.Driver, row.Scope, row.Labels],
        ["vol1", "local", "local", "a=b"],
      );
    });

    await s.step(t, "docker volume inspect -f templates", async () => {
      await s.expect(
        ["volume", "inspect", "-f", "{{.Name}} {{.Driver}} {{.Labels}} {{.Scope}}", "vol1"],
        { code: 0, stdout: "vol1 local map[a:b] local\n" },
      );
    });

    await s.step(t, "docker run -v name:/path creates the volume", async () => {
      await s.ok("run", "--rm", "-v", "vol2:/data", "alpine", "sh", "-c", "echo kept > /data/f");
      await s.expect(["volume", "ls", "-q"], { code: 0, stdout: "vol1\nvol2\n" });
      await s.expect(["run", "--rm", "-v", "vol2:/data:ro", "alpine", "cat", "/data/f"], {
        code: 0,
        stdout: "kept\n",
      });
    });

    await s.step(t, "docker volume ls --filter name= / label= / dangling=", async () => {
      await s.expect(["volume", "ls", "-q", "--filter", "name=vol2"], {
        code: 0,
        stdout: "vol2\n",
      });
      await s.expect(["volume", "ls", "-q", "--filter", "label=a"], { code: 0, stdout: "vol1\n" });
      await s.expect(["volume", "ls", "-q", "--filter", "dangling=false"], {
        code: 0,
        stdout: "",
      });
    });

    await s.step(t, "a readonly volume mount refuses writes", async () => {
      const r = await s.docker(
        "run",
        "--rm",
        "--mount",
        "type=volume,source=vol1,target=/v,readonly",
        "alpine",
        "touch",
        "/v/x",
      );
      assertEquals([r.code, r.stdout, /read-only file system/i.test(r.stderr)], [1, "", true]);
    });

    await s.step(t, "--mount type=bind with a missing source is refused", async () => {
      await s.expect(
        ["run", "--rm", "--mount", `type=bind,source=${dir}/missing,target=/x`, "alpine", "true"],
        {
          code: 125,
          stderr: 'docker: Error response from daemon: invalid mount config for type "bind": ' +
            `bind source path does not exist: ${dir}/missing${runHelp()}`,
        },
      );
    });

    await s.step(t, "-v with a missing host directory creates it", async () => {
      await s.expect(
        ["run", "--rm", "-v", `${dir}/made:/out`, "alpine", "sh", "-c", "echo hi > /out/f"],
        { code: 0, stdout: "" },
      );
      assertEquals(await Deno.readTextFile(`${dir}/made/f`), "hi\n");
    });

    await s.step(t, "--mount type=tmpfs is writable and empty", async () => {
      await s.expect([
        "run",
        "--rm",
        "--mount",
        "type=tmpfs,target=/t",
        "alpine",
        "sh",
        "-c",
        "ls -A /t; echo ok > /t/f; cat /t/f",
      ], { code: 0, stdout: "ok\n" });
    });

    await s.step(t, "a local volume with o=bind,device= mounts that host directory", async () => {
      await Deno.mkdir(`${dir}/device`);
      await s.expect([
        "volume",
        "create",
        "-o",
        "type=none",
        "-o",
        "o=bind",
        "-o",
        `device=${dir}/device`,
        "bound",
      ], { code: 0, stdout: "bound\n" });
      await s.ok(
        "run",
        "--rm",
        "-v",
        "bound:/data",
        "alpine",
        "sh",
        "-c",
        "echo on host > /data/f",
      );
      assertEquals(await Deno.readTextFile(`${dir}/device/f`), "on host\n");
      await s.expect(["volume", "inspect", "-f", "{{.Mountpoint}}", "bound"], {
        code: 0,
        stdout: `${dir}/device\n`,
      });
      await s.expect(["volume", "rm", "bound"], { code: 0, stdout: "bound\n" });
      assertEquals(await Deno.readTextFile(`${dir}/device/f`), "on host\n");
    });

    await s.step(t, "docker volume create with a bad or remote -o", async () => {
      await s.expect(["volume", "create", "-o", "colour=red", "bad"], {
        code: 1,
        stderr: 'Error response from daemon: create bad: invalid option: "colour"\n',
      });
      await s.expect([
        "volume",
        "create",
        "-o",
        "type=nfs",
        "-o",
        "o=addr=10.0.0.1",
        "-o",
        "device=:/x",
        "share",
      ], {
        code: 1,
        stderr:
          "Error response from daemon: create share: volume type nfs with o=addr=10.0.0.1 is not " +
          "supported by the memory backend: it mounts host directories only (type=none with " +
          "o=bind, or tmpfs)\n",
      });
    });

    await s.step(t, "docker volume rm of an unknown volume", async () => {
      await s.expect(["volume", "rm", "nope"], {
        code: 1,
        stderr: "Error response from daemon: get nope: no such volume\n",
      });
    });

    await s.step(t, "docker volume rm of a volume in use", async () => {
      await s.ok("create", "--name", "holder", "-v", "vol1:/v", "alpine", "true");
      const holder = (await s.ok("inspect", "-f", "{{.Id}}", "holder")).trim();
      await s.expect(["volume", "rm", "vol1"], {
        code: 1,
        stderr: `Error response from daemon: remove vol1: volume is in use - [${holder}]\n`,
      });
      await s.ok("rm", "holder");
      await s.expect(["volume", "rm", "vol1", "vol2"], { code: 0, stdout: "vol1\nvol2\n" });
    });

    await Deno.remove(dir, { recursive: true });
  },
});
