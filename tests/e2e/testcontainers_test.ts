/**
 * @module
 * Testcontainers for Node (`npm:testcontainers`, pinned in deno.json; run under Deno because
 * Node 20 is too old for testcontainers 12) against a real `deno task serve` process, client
 * label `testcontainers` (issue #7): runtime detection, `GenericContainer` with `withCommand`,
 * name, labels, hostname, user, working dir, tmpfs, extra hosts, a log consumer, `withReuse`,
 * `withEnvironment`, `withCopyFilesToContainer` / `withCopyContentToContainer` /
 * `withCopyDirectoriesToContainer`, bind mounts, `exec`, `logs`, `withNetwork` with aliases,
 * the wait strategies that need no host port (log message, health check, one-shot startup,
 * successful command), `restart`, `stop`, the archive copies of a started container, and
 * `GenericContainer.fromDockerfile` builds and `commit`.
 *
 * What the suite connects and starts with, and why Ryuk is disabled, is in
 * `npm_clients/testcontainers_client.ts`.
 *
 * The sanitizers are off: Testcontainers keeps log streams, HTTP sockets and retry timers of
 * its shared client alive across tests, which Deno's per-test op and resource checks count as
 * leaks.
 */

import { GenericContainer, Network, Wait } from "testcontainers";
import { assert, assertEquals, assertRejects } from "../_helpers/assert.ts";
import { startDaemon } from "./daemon.ts";
import { collect, type NodeReadable, readUntil, tarFiles } from "./npm_clients/streams.ts";
import {
  IMAGE,
  PORTS_REFUSED,
  runtimeClient,
  RYUK_IMAGE,
  sleeper,
  start,
  withEnv,
} from "./npm_clients/testcontainers_client.ts";
import { ModemTimedSteps as TimedSteps } from "./npm_clients/timed_steps.ts";

const daemon = await startDaemon({ client: "testcontainers" });
const steps = new TimedSteps("testcontainers");
Deno.test.afterAll(async () => {
  await daemon.stop();
  await steps.save();
});

const client = await runtimeClient(daemon.socket);
const dockerode = client.container.dockerode;
steps.watch(dockerode.modem);

Deno.test({
  name: "Testcontainers against the memory backend",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    await steps.step(t, "runtime detection: info, version and host", async () => {
      const runtime = client.info.containerRuntime;
      assertEquals(
        [runtime.host, runtime.operatingSystem, runtime.remoteSocketPath],
        ["localhost", "Sockerless (memory backend)", daemon.socket],
      );
      assertEquals((await dockerode.version()).ApiVersion, "1.52");
    });

    await steps.step(t, "Ryuk: its image is not in the offline catalogue", async () => {
      await withEnv({ TESTCONTAINERS_RYUK_DISABLED: undefined }, async () => {
        await assertRejects(
          () => sleeper().start(),
          "pull access denied for testcontainers/ryuk, repository does not exist",
        );
      });
    });

    await steps.step(t, "Ryuk: with its image present, port publishing is refused", async () => {
      await dockerode.getImage(IMAGE).tag({ repo: "testcontainers/ryuk", tag: "0.14.0" });
      try {
        await withEnv({ TESTCONTAINERS_RYUK_DISABLED: undefined }, async () => {
          const err = await assertRejects(() => sleeper().start(), PORTS_REFUSED);
          assertEquals((err as Error & { statusCode?: number }).statusCode, 501);
          assert(err.message.includes("(8080/tcp)"), err.message);
        });
        const all = await dockerode.listContainers({ all: true });
        assertEquals(all.length, 0, "no reaper and no container were left behind");
      } finally {
        await dockerode.getImage(RYUK_IMAGE).remove();
      }
    });

    await steps.step(t, "withExposedPorts: the clear 501 of port publishing", async () => {
      await assertRejects(() => start(sleeper().withExposedPorts(80)), `${PORTS_REFUSED} (80/tcp)`);
    });

    await steps.step(t, "withCommand, withEnvironment, copies and a log-message wait", async () => {
      const dir = await Deno.makeTempDir({ prefix: "sockerless-tc-" });
      await Deno.writeTextFile(`${dir}/host.txt`, "from a host file\n");
      await Deno.mkdir(`${dir}/tree/sub`, { recursive: true });
      await Deno.writeTextFile(`${dir}/tree/sub/leaf.txt`, "leaf\n");
      try {
        const container = await start(
          new GenericContainer(IMAGE)
            .withCommand(["sh", "-c", 'echo "ready as $ROLE"; sleep 600'])
            .withEnvironment({ ROLE: "worker", EMPTY: "" })
            .withCopyContentToContainer([
              { content: "inline content\n", target: "/app/inline.txt", mode: 0o600 },
            ])
            .withCopyFilesToContainer([{ source: `${dir}/host.txt`, target: "/app/host.txt" }])
            .withCopyDirectoriesToContainer([{ source: `${dir}/tree`, target: "/app/tree" }])
            .withWaitStrategy(Wait.forLogMessage("ready as worker")),
        );
        const r = await container.exec([
          "sh",
          "-c",
          "echo $ROLE; cat /app/inline.txt /app/host.txt /app/tree/sub/leaf.txt; " +
          "stat -c %a /app/inline.txt",
        ]);
        assertEquals(r, {
          output: "worker\ninline content\nfrom a host file\nleaf\n600\n",
          stdout: "worker\ninline content\nfrom a host file\nleaf\n600\n",
          stderr: "",
          exitCode: 0,
        });
        await container.stop();
      } finally {
        await Deno.remove(dir, { recursive: true });
      }
    });

    await steps.step(t, "container options, a log consumer, and withReuse", async () => {
      const options = () =>
        new GenericContainer(IMAGE)
          .withCommand([
            "sh",
            "-c",
            "echo $(hostname) in $(pwd) as $(whoami); grep extra /etc/hosts; ls -d /scratch; " +
            "sleep 600",
          ])
          .withName("tc-options")
          .withLabels({ team: "core" })
          .withHostname("optioned")
          .withUser("nobody")
          .withWorkingDir("/tmp")
          .withTmpFs({ "/scratch": "rw" })
          .withExtraHosts([{ host: "extra.local", ipAddress: "10.1.2.3" }])
          .withReuse()
          .withWaitStrategy(Wait.forLogMessage("/scratch"));
      // The consumer gets its own log stream, which may lag the wait strategy's.
      let consumer: NodeReadable | undefined;
      const container = await start(options().withLogConsumer((s) => void (consumer = s)));
      assert(consumer, "the log consumer was called");
      assertEquals(
        await readUntil(consumer, /\/scratch\n/),
        "optioned in /tmp as nobody\n10.1.2.3\textra.local\n/scratch\n",
      );
      assertEquals([container.getName(), container.getHostname()], ["/tc-options", "optioned"]);
      assertEquals(container.getLabels().team, "core");
      const reused = await start(options());
      assertEquals(reused.getId(), container.getId());
      await container.stop();
    });

    await steps.step(t, "exec: exit code, stderr apart, env, working dir and user", async () => {
      const container = await start(sleeper());
      const r = await container.exec([
        "sh",
        "-c",
        "echo $A in $(pwd) as $(id -un); echo e >&2; exit 5",
      ], {
        env: { A: "alpha" },
        workingDir: "/tmp",
        user: "nobody",
      });
      assertEquals(r, {
        output: "alpha in /tmp as nobody\ne\n",
        stdout: "alpha in /tmp as nobody\n",
        stderr: "e\n",
        exitCode: 5,
      });
      await container.stop();
    });

    await steps.step(t, "logs: the followed stream of a running container", async () => {
      const container = await start(
        new GenericContainer(IMAGE)
          .withCommand(["sh", "-c", "echo first; sleep 0.2; echo second >&2; sleep 600"])
          .withWaitStrategy(Wait.forLogMessage("first")),
      );
      const text = await readUntil(await container.logs(), /second\n/);
      assertEquals(text, "first\nsecond\n");
      const tail = await readUntil(await container.logs({ tail: 1 }), /second\n/);
      assertEquals(tail, "second\n");
      await container.stop();
    });

    await steps.step(t, "withNetwork and network aliases", async () => {
      const network = await new Network().start();
      const db = await start(sleeper().withNetwork(network).withNetworkAliases("db", "database"));
      const app = await start(sleeper().withNetwork(network));
      // With aliases, Testcontainers creates the container on the default network and then
      // connects it to the named one with the aliases: with dockerd too it is on both.
      assertEquals(db.getNetworkNames().sort(), ["bridge", network.getName()].sort());
      assertEquals(app.getNetworkNames(), [network.getName()]);
      const dbIp = db.getIpAddress(network.getName());
      const hosts = (await app.exec(["cat", "/etc/hosts"])).stdout.split("\n");
      const line = hosts.find((l) => l.startsWith(`${dbIp}\t`)) ?? "";
      assert(line.includes(" db ") && line.includes(" database"), hosts.join("\n"));
      const ping = await app.exec(["sh", "-c", "grep -w database /etc/hosts | cut -f1"]);
      assertEquals(ping.stdout, `${dbIp}\n`);
      await app.stop();
      await db.stop();
      await network.stop();
      const left = await dockerode.listNetworks({ filters: { name: [network.getName()] } });
      assertEquals(left, []);
    });

    await steps.step(t, "Wait.forHealthCheck: healthy, and unhealthy fails clearly", async () => {
      const healthy = await start(
        new GenericContainer(IMAGE)
          .withCommand(["sh", "-c", "sleep 0.2; touch /tmp/up; sleep 600"])
          .withHealthCheck({
            test: ["CMD-SHELL", "test -f /tmp/up"],
            interval: 100,
            timeout: 1000,
            retries: 30,
          })
          .withWaitStrategy(Wait.forHealthCheck()),
      );
      const state = (await dockerode.getContainer(healthy.getId()).inspect()).State;
      assertEquals(state.Health?.Status, "healthy");
      await healthy.stop();
      await assertRejects(
        () =>
          start(
            sleeper()
              .withHealthCheck({ test: ["CMD", "false"], interval: 100, timeout: 1000, retries: 2 })
              .withWaitStrategy(Wait.forHealthCheck()),
          ),
        "Health check failed: unhealthy",
      );
    });

    await steps.step(t, "Wait.forOneShotStartup: exit 0 passes, exit 3 fails", async () => {
      const once = await start(
        new GenericContainer(IMAGE).withCommand(["sh", "-c", "echo done"])
          .withWaitStrategy(Wait.forOneShotStartup()),
      );
      const state = (await dockerode.getContainer(once.getId()).inspect()).State;
      assertEquals([state.Status, state.ExitCode], ["exited", 0]);
      await once.stop();
      await assertRejects(
        () =>
          start(
            new GenericContainer(IMAGE).withCommand(["sh", "-c", "exit 3"])
              .withWaitStrategy(Wait.forOneShotStartup()),
          ),
        "Container failed to start for",
      );
    });

    await steps.step(t, "Wait.forSuccessfulCommand", async () => {
      const container = await start(
        new GenericContainer(IMAGE)
          .withCommand(["sh", "-c", "sleep 0.2; touch /tmp/ready; sleep 600"])
          .withWaitStrategy(Wait.forSuccessfulCommand("test -f /tmp/ready")),
      );
      assertEquals((await container.exec(["ls", "/tmp/ready"])).exitCode, 0);
      await container.stop();
    });

    await steps.step(t, "restart: a new start, and the log wait runs again", async () => {
      const container = await start(
        new GenericContainer(IMAGE)
          .withCommand([
            "sh",
            "-c",
            'echo boot >> /boots; echo "boot $(wc -l < /boots)"; sleep 600',
          ])
          .withWaitStrategy(Wait.forLogMessage(/boot \d/)),
      );
      const before = (await dockerode.getContainer(container.getId()).inspect()).State.StartedAt;
      await container.restart();
      const after = (await dockerode.getContainer(container.getId()).inspect()).State;
      assert(after.Running && after.StartedAt > before, `${before} -> ${after.StartedAt}`);
      assertEquals((await container.exec(["cat", "/boots"])).stdout, "boot\nboot\n");
      const logs = await readUntil(await container.logs(), /boot 2\n/);
      assertEquals(logs, "boot 1\nboot 2\n");
      await container.stop();
    });

    await steps.step(
      t,
      "stop removes the container; stop({ remove: false }) keeps it",
      async () => {
        const removed = await start(sleeper());
        await removed.stop();
        const gone = await assertRejects(
          () => dockerode.getContainer(removed.getId()).inspect(),
          "no such container",
        );
        assertEquals((gone as Error & { statusCode?: number }).statusCode, 404);
        const kept = await start(sleeper().withName("kept"));
        const stopped = await kept.stop({ remove: false, timeout: 1 });
        const state = (await dockerode.getContainer(stopped.getId()).inspect()).State;
        assertEquals([state.Status, state.ExitCode], ["exited", 143]);
        const archive = await collect(await stopped.copyArchiveFromContainer("/etc/hostname"));
        assertEquals(Object.keys(await tarFiles(archive)), ["hostname"]);
        await dockerode.getContainer("kept").remove();
      },
    );

    await steps.step(t, "fromDockerfile with build args, and commit", async () => {
      const dir = await Deno.makeTempDir({ prefix: "sockerless-tc-" });
      try {
        await Deno.writeTextFile(
          `${dir}/Dockerfile`,
          `FROM ${IMAGE}\nARG GREETING=hi\nCOPY msg.txt /msg.txt\n` +
            `RUN echo "$GREETING" >> /msg.txt\nCMD ["sh", "-c", "cat /msg.txt; sleep 600"]\n`,
        );
        await Deno.writeTextFile(`${dir}/msg.txt`, "from the context\n");
        const built = await GenericContainer.fromDockerfile(dir)
          .withBuildArgs({ GREETING: "hello" })
          .build("tc-built:1", { deleteOnExit: false });
        const container = await start(built.withWaitStrategy(Wait.forLogMessage("hello")));
        const image = await container.commit({
          repo: "tc-committed",
          tag: "v1",
          changes: ["ENV COMMITTED=yes"],
        });
        await container.stop();
        const inspected = await dockerode.getImage("tc-committed:v1").inspect();
        assertEquals(inspected.Id, image);
        const derived = await start(
          new GenericContainer("tc-committed:v1")
            .withCommand(["sh", "-c", "echo $COMMITTED; sleep 600"])
            .withWaitStrategy(Wait.forLogMessage("yes")),
        );
        assertEquals((await derived.exec(["cat", "/msg.txt"])).stdout, "from the context\nhello\n");
        await derived.stop();
      } finally {
        await Deno.remove(dir, { recursive: true });
      }
    });

    await steps.step(t, "copies into and out of a started container; bind mounts", async () => {
      const dir = await Deno.makeTempDir({ prefix: "sockerless-tc-" });
      try {
        await Deno.writeTextFile(`${dir}/shared.txt`, "shared\n");
        const container = await start(
          sleeper().withBindMounts([{ source: dir, target: "/mnt/host" }]),
        );
        await container.copyContentToContainer([{ content: "later\n", target: "/data/later.txt" }]);
        const archive = await collect(await container.copyArchiveFromContainer("/data"));
        assertEquals(await tarFiles(archive), { "data/later.txt": "later\n" });
        const r = await container.exec([
          "sh",
          "-c",
          "cat /mnt/host/shared.txt; echo back > /mnt/host/back.txt",
        ]);
        assertEquals([r.exitCode, r.stdout], [0, "shared\n"]);
        assertEquals(await Deno.readTextFile(`${dir}/back.txt`), "back\n");
        await container.stop();
        const single = await start(
          sleeper().withBindMounts([{ source: `${dir}/shared.txt`, target: "/etc/shared.txt" }]),
        );
        const f = await single.exec([
          "sh",
          "-c",
          "cat /etc/shared.txt; echo file >> /etc/shared.txt",
        ]);
        assertEquals([f.exitCode, f.stdout], [0, "shared\n"]);
        assertEquals(await Deno.readTextFile(`${dir}/shared.txt`), "shared\nfile\n");
        await single.stop();
      } finally {
        await Deno.remove(dir, { recursive: true });
      }
    });
  },
});
