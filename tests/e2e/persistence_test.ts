/**
 * @module
 * Crash-only persistence of containers (issue #8's hand-check and more): a daemon is killed
 * with SIGKILL and a new one on the same data root shows every container as it was, running
 * ones exited with 137 and a `die` event, restart policies applied as dockerd applies them
 * without live-restore, and logs, files, names and `docker start` still working. A second
 * daemon on a live data root refuses to start.
 */

import { assert, assertEquals, assertStringIncludes } from "../_helpers/assert.ts";
import { waitFor } from "../_helpers/wait.ts";
import { type Daemon, docker, dockerEvents, dockerOk, runCommand, startDaemon } from "./daemon.ts";

const CLIENT = "docker-cli";

/** `docker ps -a` as name → status. */
async function statuses(daemon: Daemon): Promise<Map<string, string>> {
  const out = await dockerOk(daemon, "ps", "-a", "--format", "{{.Names}}\t{{.Status}}");
  return new Map(
    out.trim().split("\n").filter(Boolean).map((l) => l.split("\t") as [string, string]),
  );
}

/** Polls `docker inspect` until the container runs (a restart policy starts it after start). */
async function waitRunning(daemon: Daemon, name: string): Promise<void> {
  await waitFor(
    async () =>
      (await docker(daemon, "inspect", "-f", "{{.State.Running}}", name)).stdout.trim() === "true",
    { message: `${name} to come back running`, pollMs: 50 },
  );
}

Deno.test({
  name: "persistence: containers survive a SIGKILL of the daemon",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    let daemon = await startDaemon({ client: CLIENT });
    const ok = (...args: string[]) => dockerOk(daemon, ...args);
    try {
      await t.step("before the crash: containers in every state", async () => {
        await ok("run", "-d", "--name", "k", "alpine", "sh", "-c", "echo a; sleep 600");
        await ok(
          "run",
          "-d",
          "--name",
          "r",
          "--restart",
          "always",
          "alpine",
          "sh",
          "-c",
          "echo r; sleep 600",
        );
        await ok("run", "-d", "--name", "of", "--restart", "on-failure", "alpine", "sleep", "600");
        await ok(
          "run",
          "-d",
          "--name",
          "u",
          "--restart",
          "unless-stopped",
          "alpine",
          "sleep",
          "600",
        );
        await ok("stop", "-t", "0", "u");
        await ok("run", "-d", "--rm", "--name", "gone", "alpine", "sleep", "600");
        await ok("create", "--name", "c", "--restart", "always", "alpine", "echo", "created");
        // A network that does not exist yet is joined at start (dockerd accepts it at create).
        await ok("create", "--name", "pn", "--network", "later", "alpine", "true");
        const e = await ok(
          "run",
          "--name",
          "e",
          "alpine",
          "sh",
          "-c",
          "echo hello > /f; rm /etc/alpine-release; echo out",
        );
        assertEquals(e, "out\n");
        const file = await Deno.makeTempFile();
        await Deno.writeTextFile(file, "copied in\n");
        await ok("cp", file, "e:/copied.txt");
        await ok("rename", "e", "e2");
        // The acknowledged log line of `k` is on screen before the crash.
        assertEquals(await ok("logs", "k"), "a\n");
      });

      const crashedAt = String(Math.floor(Date.now() / 1000));
      await daemon.crash();
      const started = performance.now();
      daemon = await startDaemon({ client: CLIENT, dataRoot: daemon.dataRoot });
      console.log(`restart to listening: ${Math.round(performance.now() - started)} ms`);

      await t.step("the hand-check: k is Exited (137) and its log prints a", async () => {
        const ps = await statuses(daemon);
        assert(ps.get("k")?.startsWith("Exited (137)"), `k: ${ps.get("k")}`);
        assertEquals(await ok("logs", "k"), "a\n");
        assertEquals((await ok("wait", "k")).trim(), "137");
        const dies = await dockerEvents(
          daemon,
          crashedAt,
          ["event=die", "container=k"],
          "{{.Actor.Attributes.exitCode}}",
        );
        assertEquals(dies.trim().split("\n").at(-1), "137");
      });

      await t.step("restart policies: always and on-failure come back running", async () => {
        await waitRunning(daemon, "r");
        await waitRunning(daemon, "of");
        assertEquals(await ok("logs", "r"), "r\nr\n", "the old run's line and the new run's");
        const ps = await statuses(daemon);
        assert(
          ps.get("u")?.startsWith("Exited"),
          `unless-stopped, stopped by hand: ${ps.get("u")}`,
        );
        assertEquals(ps.get("c"), "Created", "never started, so no policy starts it");
        assertEquals(ps.has("gone"), false, "an AutoRemove container that died is removed");
      });

      await t.step("a stopped container keeps its files, name and log; start works", async () => {
        assertEquals(await ok("logs", "e2"), "out\n");
        assertEquals(await ok("exec", "r", "echo", "exec works"), "exec works\n");
        const cat = await ok("start", "-a", "e2");
        assertEquals(cat, "out\n");
        const files = await docker(daemon, "run", "--rm", "--volumes-from", "e2", "alpine", "true");
        assertEquals(files.code, 0, files.stderr);
        const diff = await ok("diff", "e2");
        assertStringIncludes(diff, "A /f");
        assertStringIncludes(diff, "A /copied.txt");
        assertStringIncludes(diff, "D /etc/alpine-release");
        const copied = await runCommand(
          "sh",
          ["-c", "docker cp e2:/copied.txt - | tar -xO"],
          daemon.env,
        );
        assertEquals(copied.stdout, "copied in\n", copied.stderr);
        assertEquals(await ok("logs", "e2"), "out\nout\n");
      });

      await t.step("a network named at create is still joined at the first start", async () => {
        await ok("network", "create", "later");
        await ok("start", "-a", "pn");
        const nets = await ok(
          "inspect",
          "-f",
          "{{range $k, $v := .NetworkSettings.Networks}}{{$k}} {{end}}",
          "pn",
        );
        assertEquals(nets.trim(), "later");
      });

      await t.step("a second daemon on the live data root refuses to start", async () => {
        const dir = await Deno.makeTempDir();
        const r = await runCommand(Deno.execPath(), [
          "task",
          "--quiet",
          "serve",
          "-H",
          `unix://${dir}/other.sock`,
          "--data-root",
          daemon.dataRoot,
        ], { DENO_NO_UPDATE_CHECK: "1" });
        await Deno.remove(dir, { recursive: true });
        assertEquals(r.code, 1, r.stderr);
        assertStringIncludes(
          r.stderr,
          `data root ${daemon.dataRoot} is in use by sockerless (pid ${daemon.pid}, lock file ${daemon.dataRoot}/sockerless.pid)`,
        );
      });
    } finally {
      await daemon.stop();
      await Deno.remove(daemon.dataRoot, { recursive: true }).catch(() => {});
    }
  },
});
