/**
 * docker CLI scenarios: system and events — `docker version --format '{{.Server.Version}}'`,
 * `docker info --format '{{.Containers}}'` and friends, `docker system df` / `prune`, and
 * `docker events` with `--filter` combinations and `--format` templates (including the legacy
 * `{{.Status}}`/`{{.From}}` fields docker 28 still formats), replayed and live.
 */
import { assert, assertEquals } from "../../_helpers/assert.ts";
import { waitFor } from "../../_helpers/wait.ts";
import { SOCKERLESS_VERSION } from "../../../src/version.ts";
import { Scenarios } from "./scenario.ts";

const s = await Scenarios.start("system_events");
Deno.test.afterAll(() => s.stop());

/**
 * `docker events` replayed from `since` until 50 ms from now (the CLI passes `seconds.millis`
 * through), so it ends by itself at once instead of waiting for a whole-second `--until`.
 */
function events(since: string, filters: string[], format: string) {
  const until = ((Date.now() + 50) / 1000).toFixed(3);
  return s.docker(
    "events",
    "--since",
    since,
    "--until",
    until,
    ...filters.flatMap((f) => ["--filter", f]),
    "--format",
    format,
  );
}

/** Now as `seconds.millis`, for a `--since` that starts exactly here. */
function now(): string {
  return (Date.now() / 1000).toFixed(3);
}

Deno.test({
  name: "docker CLI scenarios: system and events",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    const since = String(Math.floor(Date.now() / 1000) - 1);

    await s.step(t, "docker info --format '{{.Containers}}' on a fresh daemon", async () => {
      await s.expect(["info", "--format", "{{.Containers}} {{.Images}}"], {
        code: 0,
        stdout: "0 0\n",
      });
    });

    await s.step(t, "docker version --format '{{.Server.Version}}'", async () => {
      await s.expect(["version", "--format", "{{.Server.Version}}"], {
        code: 0,
        stdout: `${SOCKERLESS_VERSION}\n`,
      });
    });

    await s.step(t, "docker version --format with os, arch and API range", async () => {
      await s.expect([
        "version",
        "--format",
        "{{.Server.Os}}/{{.Server.Arch}} {{.Server.APIVersion}} {{.Server.MinAPIVersion}}",
      ], { code: 0, stdout: "linux/amd64 1.52 1.24\n" });
    });

    await s.step(t, "docker version --format '{{json .Server.Platform}}'", async () => {
      await s.expect(["version", "--format", "{{json .Server.Platform}}"], {
        code: 0,
        stdout: '{"Name":"Sockerless (memory backend)"}\n',
      });
    });

    await s.ok("pull", "-q", "alpine");
    await s.ok("run", "-d", "--name", "up", "--label", "k=v", "alpine", "sleep", "600");
    await s.ok("run", "-d", "--name", "held", "alpine", "sleep", "600");
    await s.ok("pause", "held");
    await s.docker("run", "--name", "four", "--label", "k=v", "alpine", "sh", "-c", "exit 4");
    const four = (await s.ok("inspect", "-f", "{{.Id}}", "four")).trim();

    await s.step(t, "docker info counts containers by state", async () => {
      await s.expect([
        "info",
        "--format",
        "{{.Containers}} {{.ContainersRunning}} {{.ContainersPaused}} {{.ContainersStopped}} {{.Images}}",
      ], { code: 0, stdout: "3 1 1 1 1\n" });
    });

    await s.step(t, "docker info --format server facts", async () => {
      await s.expect(["info", "--format", "{{.ServerVersion}} {{.OSType}} {{.Driver}}"], {
        code: 0,
        stdout: `${SOCKERLESS_VERSION} linux memory\n`,
      });
    });

    await s.step(t, "docker plugin ls: the memory backend has no plugins", async () => {
      await s.expect(["plugin", "ls", "--format", "{{.Name}}"], { code: 0, stdout: "" });
      await s.expect(["plugin", "inspect", "nope"], {
        code: 1,
        stderr: 'Error response from daemon: plugin "nope" not found\n',
      });
    });

    await s.step(t, "docker info --format '{{json .Plugins}}'", async () => {
      await s.expect(["info", "--format", "{{json .Plugins.Volume}} {{json .Plugins.Network}}"], {
        code: 0,
        stdout: '["local"] ["bridge","host","null"]\n',
      });
    });

    await s.step(t, "docker system df --format", async () => {
      await s.expect(["system", "df", "--format", "{{.Type}} {{.TotalCount}} {{.Active}}"], {
        code: 0,
        stdout: "Images 1 1\nContainers 3 2\nLocal Volumes 0 0\nBuild Cache 0 0\n",
      });
    });

    await s.step(t, "docker events --filter container= --filter event=die", async () => {
      const r = await events(
        since,
        ["container=four", "event=die"],
        "{{.Actor.Attributes.exitCode}} {{.Actor.Attributes.name}}",
      );
      assertEquals([r.code, r.stdout, r.stderr], [0, "4 four\n", ""]);
    });

    await s.step(
      t,
      "docker events --filter label= with the legacy {{.Status}} {{.From}}",
      async () => {
        const r = await events(since, ["label=k=v", "container=four"], "{{.Status}} {{.From}}");
        assertEquals(
          [r.code, r.stdout],
          [0, "create alpine\nattach alpine\nstart alpine\ndie alpine\n"],
          r.stderr,
        );
      },
    );

    await s.step(t, "docker events --format '{{json .}}'", async () => {
      const r = await events(since, ["container=four", "event=start"], "{{json .}}");
      assertEquals(r.code, 0, r.stderr);
      const e = JSON.parse(r.stdout);
      assertEquals(
        [e.Type, e.Action, e.Actor.ID, e.Actor.Attributes.name, e.Actor.Attributes.k, e.scope],
        ["container", "start", four, "four", "v", "local"],
      );
      assert(typeof e.timeNano === "number" && e.time === Math.floor(e.timeNano / 1e9), r.stdout);
    });

    await s.step(t, "docker events: two event filters are an OR", async () => {
      const r = await events(
        since,
        ["event=pause", "event=die"],
        "{{.Action}} {{.Actor.Attributes.name}}",
      );
      assertEquals([r.code, r.stdout], [0, "pause held\ndie four\n"], r.stderr);
    });

    await s.step(t, "docker events --filter type=image: tag and untag", async () => {
      const from = now();
      await s.ok("tag", "alpine", "evt:1");
      await s.ok("rmi", "evt:1");
      const r = await events(from, ["type=image"], "{{.Action}} {{.Actor.Attributes.name}}");
      assertEquals([r.code, r.stdout], [0, "tag evt:1\nuntag evt:1\n"], r.stderr);
    });

    await s.step(t, "docker events --filter event=exec_start", async () => {
      const from = now();
      await s.ok("exec", "up", "true");
      const r = await events(from, ["event=exec_start", "container=up"], "{{.Action}}");
      assertEquals([r.code, r.stdout], [0, "exec_start: true\n"], r.stderr);
    });

    await s.step(t, "docker events --filter type=volume --filter event=mount", async () => {
      const from = now();
      await s.ok("run", "--rm", "-v", "evvol:/data", "alpine", "true");
      const r = await events(
        from,
        ["type=volume", "event=mount"],
        '{{.Actor.ID}} {{.Actor.Attributes.destination}} {{index .Actor.Attributes "read/write"}}',
      );
      assertEquals([r.code, r.stdout], [0, "evvol /data true\n"], r.stderr);
    });

    await s.step(t, "docker events with a rename carries the old name", async () => {
      const from = now();
      await s.ok("rename", "four", "fore");
      const r = await events(
        from,
        ["event=rename"],
        "{{.Actor.Attributes.oldName}} {{.Actor.Attributes.name}}",
      );
      assertEquals([r.code, r.stdout], [0, "/four fore\n"], r.stderr);
    });

    await s.step(
      t,
      "docker events: a container's create precedes its network connect",
      async () => {
        const from = now();
        await s.ok("create", "--name", "ordered", "alpine", "true");
        const r = await events(from, [], "{{.Type}} {{.Action}} {{.Actor.Attributes.name}}");
        assertEquals(
          [r.code, r.stdout],
          [0, "container create ordered\nnetwork connect bridge\n"],
          r.stderr,
        );
        await s.ok("rm", "ordered");
      },
    );

    await s.step(t, "docker events: docker cp gives extract-to-dir and archive-path", async () => {
      const from = now();
      const file = await Deno.makeTempFile();
      await s.ok("cp", file, "up:/tmp/copied");
      await s.ok("cp", "up:/tmp/copied", `${file}.back`);
      const r = await events(from, ["container=up"], "{{.Action}}");
      assertEquals([r.code, r.stdout], [0, "extract-to-dir\narchive-path\n"], r.stderr);
      await Deno.remove(file);
      await Deno.remove(`${file}.back`);
    });

    await s.step(t, "docker events with an unknown filter is refused", async () => {
      await s.expect(["events", "--filter", "colour=red", "--since", "1s", "--until", "0s"], {
        code: 1,
        stderr: "Error response from daemon: invalid filter 'colour'\n",
      });
    });

    await s.step(t, "docker events streams live events as they happen", async () => {
      const child = new Deno.Command("docker", {
        args: [
          "events",
          "--filter",
          "container=live",
          "--format",
          "{{.Action}}",
        ],
        env: s.daemon.env,
        stdout: "piped",
        stderr: "null",
      }).spawn();
      const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
      // The CLI prints nothing until an event comes: wait until the daemon counts its listener.
      await waitFor(
        async () => (await s.ok("info", "--format", "{{.NEventsListener}}")).trim() !== "0",
        { message: "the daemon to count the events listener" },
      );
      await s.ok("run", "--rm", "--name", "live", "alpine", "true");
      let text = "";
      while (!text.includes("destroy\n")) {
        const { value, done } = await reader.read();
        if (done) break;
        text += value;
      }
      child.kill();
      await reader.cancel();
      await child.status;
      assertEquals(text, "create\nattach\nstart\ndie\ndestroy\n");
    });

    await s.step(t, "docker system prune -f removes stopped containers and networks", async () => {
      await s.ok("network", "create", "spare");
      await s.ok("unpause", "held");
      await s.ok("stop", "-t", "0", "held");
      const held = (await s.ok("inspect", "-f", "{{.Id}}", "held")).trim();
      const pruned = await s.ok("system", "prune", "-f");
      const expected = [
        "Deleted Containers:",
        ...[four, held].sort(),
        "",
        "Deleted Networks:",
        "spare",
        "",
      ];
      const lines = pruned.split("\n");
      const containers = lines.slice(1, 3).sort();
      assertEquals([lines[0], ...containers, ...lines.slice(3, 7)], expected, pruned);
      assert(/^Total reclaimed space: \d+(\.\d+)?[kM]?B$/.test(lines[7]), pruned);
      await s.expect(["ps", "-a", "--format", "{{.Names}}"], { code: 0, stdout: "up\n" });
    });

    await s.ok("rm", "-f", "up");
  },
});
