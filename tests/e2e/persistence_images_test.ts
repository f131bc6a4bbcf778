/**
 * @module
 * Crash-only persistence of images, volumes, networks, the build cache and the events history:
 * a daemon is killed with SIGKILL and a new one started on the same data root finds everything
 * it had acknowledged; a pull killed half-way leaves nothing listed and no data behind.
 */

import { assertEquals, assertStringIncludes } from "../_helpers/assert.ts";
import { startFaultyRegistry } from "../_helpers/faulty_registry.ts";
import { waitFor } from "../_helpers/wait.ts";
import { type Daemon, docker, dockerEvents, dockerOk, startDaemon } from "./daemon.ts";

const CLIENT = "docker-cli";

async function files(dir: string): Promise<string[]> {
  const names: string[] = [];
  for await (const e of Deno.readDir(dir)) names.push(e.name);
  return names.sort();
}

async function restart(daemon: Daemon): Promise<Daemon> {
  await daemon.crash();
  return await startDaemon({ client: CLIENT, dataRoot: daemon.dataRoot });
}

const DOCKERFILE = [
  "FROM alpine",
  "RUN echo built > /built.txt",
  "ENV GREETING=hello",
  'CMD ["cat", "/built.txt"]',
  "",
].join("\n");

Deno.test({
  name: "persistence: images, tags, builds, volumes, networks and events survive a SIGKILL",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const context = await Deno.makeTempDir({ prefix: "persist-build-" });
    await Deno.writeTextFile(`${context}/Dockerfile`, DOCKERFILE);
    let daemon = await startDaemon({ client: CLIENT });
    try {
      const since = String(Math.floor(Date.now() / 1000) - 1);
      await dockerOk(daemon, "pull", "alpine");
      await dockerOk(daemon, "tag", "alpine", "mine/alp:v1");
      await dockerOk(daemon, "build", "-q", "-t", "built:1", context);
      await dockerOk(daemon, "volume", "create", "--label", "keep=yes", "vol1");
      await dockerOk(
        daemon,
        "run",
        "--rm",
        "-v",
        "vol1:/data",
        "alpine",
        "sh",
        "-c",
        "echo kept > /data/f",
      );
      const net = (await dockerOk(daemon, "network", "create", "--subnet", "10.77.0.0/24", "n1"))
        .trim();
      const bridge = (await dockerOk(daemon, "network", "inspect", "-f", "{{.Id}}", "bridge"))
        .trim();
      // Endpoints are container state: an address given at create, and a later connect.
      await dockerOk(
        daemon,
        "create",
        "--name",
        "c1",
        "--network",
        "n1",
        "--ip",
        "10.77.0.9",
        "alpine",
      );
      await dockerOk(daemon, "network", "connect", "bridge", "c1");
      // A bind volume (compose's `driver_opts: {type: none, o: bind, device: …}`).
      await Deno.mkdir(`${context}/device`);
      await Deno.writeTextFile(`${context}/device/f`, "from the device\n");
      const bind = ["-o", "type=none", "-o", "o=bind", "-o", `device=${context}/device`];
      await dockerOk(daemon, "volume", "create", ...bind, "bound");
      await dockerOk(daemon, "create", "--name", "c2", "-v", "bound:/d", "alpine", "cat", "/d/f");
      const endpoints =
        "{{range $k, $v := .NetworkSettings.Networks}}{{$k}}={{$v.IPAddress}} {{end}}";
      const attached = await dockerOk(daemon, "inspect", "-f", endpoints, "c1");
      const before = await dockerOk(
        daemon,
        "images",
        "-a",
        "--no-trunc",
        "--format",
        "{{.Repository}}:{{.Tag}} {{.ID}}",
      );

      daemon = await restart(daemon);

      const after = await dockerOk(
        daemon,
        "images",
        "-a",
        "--no-trunc",
        "--format",
        "{{.Repository}}:{{.Tag}} {{.ID}}",
      );
      assertEquals(after.split("\n").sort(), before.split("\n").sort());
      assertEquals(await dockerOk(daemon, "run", "--rm", "built:1"), "built\n");
      assertEquals(
        await dockerOk(daemon, "run", "--rm", "mine/alp:v1", "cat", "/etc/alpine-release"),
        "3.20.0\n",
      );
      const rebuilt = await dockerOk(daemon, "build", "-t", "built:2", context);
      assertStringIncludes(rebuilt, "Using cache");
      assertEquals(
        await dockerOk(daemon, "run", "--rm", "-v", "vol1:/data", "alpine", "cat", "/data/f"),
        "kept\n",
      );
      assertEquals(
        (await dockerOk(daemon, "volume", "inspect", "-f", "{{.Labels.keep}}", "vol1")).trim(),
        "yes",
      );
      const subnet = "{{(index .IPAM.Config 0).Subnet}} {{.Id}}";
      assertEquals(
        (await dockerOk(daemon, "network", "inspect", "-f", subnet, "n1")).trim(),
        `10.77.0.0/24 ${net}`,
      );
      assertEquals(
        (await dockerOk(daemon, "network", "inspect", "-f", "{{.Id}}", "bridge")).trim(),
        bridge,
      );
      assertEquals(await dockerOk(daemon, "inspect", "-f", endpoints, "c1"), attached);
      assertStringIncludes(attached, "n1=10.77.0.9");
      await dockerOk(daemon, "rm", "c1");
      assertEquals(await dockerOk(daemon, "start", "-a", "c2"), "from the device\n");
      await dockerOk(daemon, "rm", "c2");
      await dockerOk(daemon, "volume", "rm", "bound");
      const replay = await dockerEvents(
        daemon,
        since,
        ["type=volume"],
        "{{.Action}} {{.Actor.ID}}",
      );
      assertStringIncludes(replay, "create vol1");

      // Saving regenerates the catalogue layer's tar and reads the built layer's from disk.
      await dockerOk(daemon, "save", "-o", `${context}/built.tar`, "built:1");
      await dockerOk(daemon, "rmi", "mine/alp:v1", "built:1", "built:2");
      assertStringIncludes(
        await dockerOk(daemon, "load", "-i", `${context}/built.tar`),
        "Loaded image: built:1",
      );
      assertEquals(await dockerOk(daemon, "run", "--rm", "built:1"), "built\n");
      await dockerOk(daemon, "rmi", "built:1");
      await dockerOk(daemon, "volume", "rm", "vol1");
      await dockerOk(daemon, "network", "rm", "n1");
      daemon = await restart(daemon);
      const left = await dockerOk(daemon, "images", "--format", "{{.Repository}}:{{.Tag}}");
      assertEquals(left.trim(), "alpine:latest");
      assertEquals((await dockerOk(daemon, "volume", "ls", "-q")).trim(), "");
      assertEquals((await docker(daemon, "network", "inspect", "n1")).code, 1);
    } finally {
      await daemon.stop();
      await Deno.remove(context, { recursive: true });
    }
  },
});

Deno.test({
  name: "persistence: a pull killed half-way leaves nothing listed and no data behind",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    await using registry = await startFaultyRegistry("held");
    let daemon = await startDaemon({ client: CLIENT });
    try {
      const pull = docker(daemon, "pull", `${registry.domain}/app:v1`);
      // The first layer is written while the registry holds the second one back.
      const tmp = `${daemon.dataRoot}/tmp`;
      await waitFor(async () => (await files(tmp)).length > 0, {
        message: "the pull to write scratch data",
      });
      daemon = await restart(daemon);
      await pull;
      assertEquals(await dockerOk(daemon, "images", "-a", "-q"), "");
      assertEquals(await files(`${daemon.dataRoot}/tmp`), []);
      assertEquals(await files(`${daemon.dataRoot}/layers`), []);

      registry.fault = "none";
      await dockerOk(daemon, "pull", `${registry.domain}/app:v1`);
      daemon = await restart(daemon);
      const run = await docker(
        daemon,
        "run",
        "--rm",
        `${registry.domain}/app:v1`,
        "cat",
        "/etc/app.conf",
      );
      assertEquals([run.code, run.stdout], [0, "mode=test\n"], run.stderr);
      assertEquals((await files(`${daemon.dataRoot}/layers`)).length, 2);
    } finally {
      await daemon.stop();
    }
  },
});

Deno.test({
  name: "persistence: a build killed half-way leaves none of its images",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const context = await Deno.makeTempDir({ prefix: "persist-build-" });
    await Deno.writeTextFile(
      `${context}/Dockerfile`,
      "FROM alpine\nRUN echo a > /a\nRUN sleep 30\n",
    );
    let daemon = await startDaemon({ client: CLIENT });
    try {
      await dockerOk(daemon, "pull", "alpine");
      const build = docker(daemon, "build", "-t", "half:1", context);
      // The first step's image exists (in memory) while the second step sleeps.
      const listed = await waitFor(async () => {
        const ids = await dockerOk(daemon, "images", "-a", "-q");
        return ids.trim().split("\n").length >= 2 && ids;
      }, { message: "the first build step's image", deadlineMs: 20_000 });
      assertEquals(listed.trim().split("\n").length, 2, "one image besides alpine");
      daemon = await restart(daemon);
      await build;
      const left = await dockerOk(daemon, "images", "-a", "--format", "{{.Repository}}");
      assertEquals(left.trim(), "alpine");
      assertEquals(await files(`${daemon.dataRoot}/layers`), []);
      assertEquals(await files(`${daemon.dataRoot}/tmp`), []);
    } finally {
      await daemon.stop();
      await Deno.remove(context, { recursive: true });
    }
  },
});

Deno.test({
  name: "persistence: an image removed with rmi -f keeps its files for the containers using it",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const context = await Deno.makeTempDir({ prefix: "persist-build-" });
    await Deno.writeTextFile(`${context}/Dockerfile`, DOCKERFILE);
    let daemon = await startDaemon({ client: CLIENT });
    try {
      const id = (await dockerOk(daemon, "build", "-q", "-t", "gone:1", context)).trim();
      await dockerOk(daemon, "create", "--name", "user", "gone:1");
      const removed = await dockerOk(daemon, "rmi", "-f", id);
      assertStringIncludes(removed, `Deleted: ${id}`);
      assertEquals((await docker(daemon, "image", "inspect", id)).code, 1);

      daemon = await restart(daemon);
      assertEquals((await docker(daemon, "image", "inspect", id)).code, 1);
      assertEquals(await dockerOk(daemon, "start", "-a", "user"), "built\n");
      await dockerOk(daemon, "commit", "user", "snap:1");
      assertEquals(await dockerOk(daemon, "run", "--rm", "snap:1"), "built\n");
      // Once its last container is gone, the next image operation deletes its layers.
      await dockerOk(daemon, "rm", "user");
      await dockerOk(daemon, "rmi", "snap:1");
      assertEquals(await files(`${daemon.dataRoot}/layers`), []);
    } finally {
      await daemon.stop();
      await Deno.remove(context, { recursive: true });
    }
  },
});
