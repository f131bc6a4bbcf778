/**
 * @module
 * dockerode (`npm:dockerode`, pinned in deno.json) against a real `deno task serve` process,
 * client label `dockerode` (issue #7): ping/version/info, image pull with progress, list,
 * inspect, tag, build and remove; containers created, attached (stdin streamed in and
 * half-closed), started, waited, logged, exec'd, listed with filters, copied into and out of
 * (putArchive/getArchive/infoArchive), stopped, restarted and removed; networks with aliases;
 * volumes; the event stream, replayed and live; and the errors a script tests for.
 *
 * The sanitizers are off: dockerode's HTTP agent (node:http under Deno) keeps sockets and
 * timers alive between requests, which Deno's per-test op and resource checks count as leaks.
 */

import Docker from "dockerode";
import { Buffer } from "node:buffer";
import { assert, assertEquals, assertRejects } from "../_helpers/assert.ts";
import { makeTar } from "../_helpers/tar.ts";
import { startDaemon } from "./daemon.ts";
import {
  collect,
  demuxed,
  type NodeReadable,
  readUntil,
  streamOf,
  tarFiles,
  textSink,
} from "./npm_clients/streams.ts";
import { TimedSteps } from "./npm_clients/timed_steps.ts";

const daemon = await startDaemon({ client: "dockerode" });
const docker = new Docker({ socketPath: daemon.socket });
const steps = new TimedSteps("dockerode");
steps.watch(docker.modem);
Deno.test.afterAll(async () => {
  await daemon.stop();
  await steps.save();
});

const demux = docker.modem.demuxStream.bind(docker.modem);
const IMAGE = "alpine:3.20";

/** Reads a JSON progress stream (pull, build) to its end with dockerode's follower. */
function follow<T>(stream: NodeReadable): Promise<T[]> {
  return new Promise((resolve, reject) =>
    docker.modem.followProgress(stream, (e: Error | null, out: T[]) => e ? reject(e) : resolve(out))
  );
}

/** A statusCode-carrying error from dockerode, and its daemon message. */
async function failure(p: Promise<unknown>): Promise<{ statusCode: number; message: string }> {
  const err = await assertRejects(() => p, "");
  const e = err as Error & { statusCode: number; json?: { message: string } };
  return { statusCode: e.statusCode, message: e.json?.message ?? "" };
}

Deno.test({
  name: "dockerode against the memory backend",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    await steps.step(t, "ping, version and info", async () => {
      assertEquals((await docker.ping()).toString(), "OK");
      const version = await docker.version();
      assertEquals(version.Platform.Name, "Sockerless (memory backend)");
      assertEquals(version.ApiVersion, "1.52");
      const info = await docker.info();
      assertEquals([info.OSType, info.Containers], ["linux", 0]);
    });

    await steps.step(t, "pull with progress, list, inspect, tag and remove images", async () => {
      const progress = await follow<{ status?: string }>(await docker.pull(IMAGE));
      assertEquals(progress.at(-1)?.status, `Status: Downloaded newer image for ${IMAGE}`);
      const listed = await docker.listImages({ filters: { reference: ["alpine"] } });
      assertEquals(listed.map((i) => i.RepoTags), [[IMAGE]]);
      const image = docker.getImage(IMAGE);
      const inspected = await image.inspect();
      assertEquals(inspected.Id, listed[0].Id);
      await image.tag({ repo: "mine/alpine", tag: "v1" });
      assertEquals((await docker.getImage("mine/alpine:v1").inspect()).Id, inspected.Id);
      const removed = await docker.getImage("mine/alpine:v1").remove();
      assertEquals(removed, [{ Untagged: "mine/alpine:v1" }]);
      const missing = await failure(docker.getImage("mine/alpine:v1").inspect());
      assertEquals(missing, { statusCode: 404, message: "No such image: mine/alpine:v1" });
    });

    await steps.step(t, "buildImage from a tar context", async () => {
      const context = makeTar([
        { name: "Dockerfile", body: `FROM ${IMAGE}\nCOPY note.txt /note.txt\nCMD cat /note.txt\n` },
        { name: "note.txt", body: "built by dockerode\n" },
      ]);
      const stream = await docker.buildImage(streamOf(context), { t: "dockerode-built:1" });
      const out = await follow<{ aux?: { ID: string } }>(stream);
      const id = out.find((m) => m.aux)?.aux?.ID;
      assertEquals((await docker.getImage("dockerode-built:1").inspect()).Id, id);
      const sink = textSink();
      const [result, container] = await docker.run("dockerode-built:1", [], sink.stream, {
        Tty: true,
      });
      assertEquals([result.StatusCode, sink.text()], [0, "built by dockerode\r\n"]);
      await container.remove();
    });

    await steps.step(t, "create, start, wait and logs of a container", async () => {
      const container = await docker.createContainer({
        Image: IMAGE,
        name: "waiter",
        Cmd: ["sh", "-c", "echo out; echo err >&2; exit 4"],
        Labels: { suite: "dockerode" },
      });
      // `next-exit`, as `docker run` uses: the default `not-running` answers a created
      // container at once, as dockerd does.
      const waited = container.wait({ condition: "next-exit" });
      await container.start();
      assertEquals(await waited, { StatusCode: 4 });
      const logs = await container.logs({ stdout: true, stderr: true, follow: false });
      assertEquals(await demuxed(streamOf(logs), demux), { stdout: "out\n", stderr: "err\n" });
      const state = (await container.inspect()).State;
      assertEquals([state.Status, state.ExitCode, state.Running], ["exited", 4, false]);
    });

    await steps.step(t, "attach streams stdin in and output out, half-closed", async () => {
      const container = await docker.createContainer({
        Image: IMAGE,
        Cmd: ["sh", "-c", "cat; echo done >&2"],
        OpenStdin: true,
        StdinOnce: true,
        AttachStdin: true,
        AttachStdout: true,
        AttachStderr: true,
      });
      const stream = await container.attach({
        stream: true,
        stdin: true,
        stdout: true,
        stderr: true,
        hijack: true,
      }) as NodeReadable & NodeJS.WritableStream;
      const output = demuxed(stream, demux);
      await container.start();
      stream.write("line one\n");
      stream.write("line two\n");
      stream.end();
      assertEquals(await output, { stdout: "line one\nline two\n", stderr: "done\n" });
      assertEquals(await container.wait(), { StatusCode: 0 });
      await container.remove();
    });

    await steps.step(t, "exec with env, working dir and exit code; exec stdin", async () => {
      const container = await docker.createContainer({
        Image: IMAGE,
        name: "sleeper",
        Cmd: ["sleep", "600"],
        Labels: { suite: "dockerode", role: "sleeper" },
      });
      await container.start();
      const exec = await container.exec({
        Cmd: ["sh", "-c", "echo $GREETING from $(pwd); echo oops >&2; exit 3"],
        Env: ["GREETING=hello"],
        WorkingDir: "/tmp",
        AttachStdout: true,
        AttachStderr: true,
      });
      const stream = await exec.start({ hijack: true, stdin: false });
      assertEquals(await demuxed(stream, demux), { stdout: "hello from /tmp\n", stderr: "oops\n" });
      const inspected = await exec.inspect();
      assertEquals([inspected.ExitCode, inspected.Running], [3, false]);
      const withStdin = await container.exec({
        Cmd: ["sh", "-c", "tr a-z A-Z"],
        AttachStdin: true,
        AttachStdout: true,
        AttachStderr: true,
      });
      const duplex = await withStdin.start({ hijack: true, stdin: true }) as
        & NodeReadable
        & NodeJS.WritableStream;
      const upper = demuxed(duplex, demux);
      duplex.end("shout\n");
      assertEquals(await upper, { stdout: "SHOUT\n", stderr: "" });
    });

    await steps.step(t, "putArchive, getArchive and infoArchive", async () => {
      const container = docker.getContainer("sleeper");
      const archive = makeTar([
        { name: "conf", type: "dir" },
        { name: "conf/app.ini", body: "[app]\nname=dockerode\n", mode: 0o600 },
      ]);
      await container.putArchive(Buffer.from(archive), { path: "/etc" });
      const exec = await container.exec({
        Cmd: ["stat", "-c", "%a %s", "/etc/conf/app.ini"],
        AttachStdout: true,
        AttachStderr: true,
      });
      const stat = await demuxed(await exec.start({ hijack: true, stdin: false }), demux);
      assertEquals(stat, { stdout: "600 21\n", stderr: "" });
      const back = await collect(await container.getArchive({ path: "/etc/conf" }));
      assertEquals(await tarFiles(back), { "conf/app.ini": "[app]\nname=dockerode\n" });
      const head = await container.infoArchive({ path: "/etc/conf/app.ini" }) as {
        headers: Record<string, string>;
      };
      const pathStat = JSON.parse(atob(head.headers["x-docker-container-path-stat"]));
      assertEquals([pathStat.name, pathStat.size, pathStat.mode], ["app.ini", 21, 0o600]);
      const missing = await failure(container.getArchive({ path: "/nowhere" }));
      assertEquals(missing.statusCode, 404);
    });

    await steps.step(t, "listContainers with all and filters", async () => {
      const running = await docker.listContainers();
      assertEquals(running.map((c) => c.Names), [["/sleeper"]]);
      const all = await docker.listContainers({
        all: true,
        filters: { label: ["suite=dockerode"] },
      });
      assertEquals(all.map((c) => c.Names[0]).sort(), ["/sleeper", "/waiter"]);
      const exited = await docker.listContainers({
        all: true,
        filters: { status: ["exited"], label: ["suite=dockerode"] },
      });
      assertEquals(exited.map((c) => [c.Names[0], c.State]), [["/waiter", "exited"]]);
      const byRole = await docker.listContainers({ filters: { label: ["role=sleeper"] } });
      assertEquals(byRole[0].Labels, { suite: "dockerode", role: "sleeper" });
    });

    await steps.step(t, "stop, restart, kill and remove", async () => {
      const container = docker.getContainer("sleeper");
      await container.stop({ t: 1 });
      assertEquals((await container.inspect()).State.ExitCode, 143);
      await container.restart({ t: 0 });
      assertEquals((await container.inspect()).State.Running, true);
      await container.kill();
      assertEquals((await container.inspect()).State.ExitCode, 137);
      const inUse = await failure(docker.getImage(IMAGE).remove());
      assertEquals(inUse.statusCode, 409);
      await container.remove({ v: true });
      await docker.getContainer("waiter").remove();
      assertEquals(await failure(container.inspect()), {
        statusCode: 404,
        message: "No such container: sleeper",
      });
    });

    await steps.step(
      t,
      "networks: create, connect with aliases, inspect, list, remove",
      async () => {
        const network = await docker.createNetwork({
          Name: "backend",
          Labels: { suite: "dockerode" },
        });
        const db = await docker.createContainer({
          Image: IMAGE,
          name: "db",
          Cmd: ["sleep", "600"],
        });
        await network.connect({ Container: db.id, EndpointConfig: { Aliases: ["database"] } });
        await db.start();
        const app = await docker.createContainer({
          Image: IMAGE,
          Cmd: ["cat", "/etc/hosts"],
          HostConfig: { NetworkMode: "backend" },
        });
        await app.start();
        await app.wait();
        const logs = await app.logs({ stdout: true, stderr: true, follow: false });
        const hosts = (await demuxed(streamOf(logs), demux)).stdout;
        const dbAddress = (await db.inspect()).NetworkSettings.Networks.backend.IPAddress;
        assert(
          hosts.split("\n").some((l) => l.startsWith(`${dbAddress}\t`) && l.includes("database")),
          hosts,
        );
        const inspected = await network.inspect();
        assertEquals(inspected.Name, "backend");
        assertEquals(Object.keys(inspected.Containers ?? {}).sort(), [app.id, db.id].sort());
        const listed = await docker.listNetworks({ filters: { label: ["suite=dockerode"] } });
        assertEquals(listed.map((n) => n.Name), ["backend"]);
        const busy = await failure(network.remove());
        assertEquals(busy.statusCode, 403);
        await network.disconnect({ Container: db.id, Force: true });
        await app.remove();
        await db.remove({ force: true });
        await network.remove();
        assertEquals((await failure(network.inspect())).statusCode, 404);
      },
    );

    await steps.step(t, "volumes: create, mount, list, inspect, prune", async () => {
      const volume = await docker.createVolume({ Name: "data", Labels: { suite: "dockerode" } });
      const writer = await docker.createContainer({
        Image: IMAGE,
        Cmd: ["sh", "-c", "echo kept > /data/file"],
        HostConfig: { Binds: ["data:/data"] },
      });
      await writer.start();
      await writer.wait();
      await writer.remove();
      const sink = textSink();
      const [result, reader] = await docker.run(IMAGE, ["cat", "/data/file"], sink.stream, {
        HostConfig: { Binds: ["data:/data:ro"] },
        Tty: true,
      });
      assertEquals([result.StatusCode, sink.text()], [0, "kept\r\n"]);
      await reader.remove();
      const inspected = await volume.inspect();
      assertEquals([inspected.Name, inspected.Driver, inspected.Labels], [
        "data",
        "local",
        { suite: "dockerode" },
      ]);
      const listed = await docker.listVolumes({ filters: { label: ["suite=dockerode"] } });
      assertEquals(listed.Volumes.map((v) => v.Name), ["data"]);
      const pruned = await docker.pruneVolumes({ filters: { all: ["true"] } });
      assertEquals(pruned.VolumesDeleted, ["data"]);
    });

    await steps.step(t, "events: a bounded replay and a live stream", async () => {
      const since = Math.floor(Date.now() / 1000) - 1;
      const live = await docker.getEvents({ filters: { type: ["container"], event: ["die"] } });
      const died = readUntil(live as NodeReadable, /"Action":"die".*\n/);
      const [, container] = await docker.run(IMAGE, ["true"], textSink().stream, {
        name: "evented",
      });
      const event = JSON.parse((await died).trim().split("\n")[0]);
      assertEquals([event.Actor.Attributes.name, event.Actor.Attributes.exitCode], [
        "evented",
        "0",
      ]);
      await container.remove();
      const replay = await docker.getEvents({
        since,
        until: Date.now() / 1000 + 0.1,
        filters: { container: ["evented"] },
      });
      const actions = (await collect(replay as NodeReadable)).toString().trim().split("\n")
        .map((l) => JSON.parse(l).Action);
      assertEquals(actions, ["create", "attach", "start", "die", "destroy"]);
    });
  },
});
