/**
 * Bind mounts of single host files through the docker CLI (`-v file:path`, `--mount type=bind`):
 * the container reads and writes the host file, `:ro` refuses writes, the mount point cannot be
 * removed, `docker cp` reads the host file and, as with dockerd, cannot extract onto it, and
 * `docker diff`/`commit` leave it out. A Unix socket source is a clear 501. Also `tty`.
 */
import { assertEquals, assertStringIncludes } from "../_helpers/assert.ts";
import { docker, dockerOk, startDaemon } from "./daemon.ts";

const daemon = await startDaemon({ client: "docker-cli" });
Deno.test.afterAll(() => daemon.stop());

const ok = (...args: string[]) => dockerOk(daemon, ...args);

Deno.test({
  name: "docker CLI: bind mounts of single files",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    await ok("pull", "-q", "alpine");
    const dir = await Deno.makeTempDir({ prefix: "sockerless-file-binds-" });
    const conf = `${dir}/app.conf`;
    const reset = (text: string) => Deno.writeTextFile(conf, text);
    try {
      await t.step("-v file:path reads the host file, shadowing the image's", async () => {
        await reset("from the host\n");
        assertEquals(
          await ok(
            "run",
            "--rm",
            "-v",
            `${conf}:/etc/os-release`,
            "alpine",
            "cat",
            "/etc/os-release",
          ),
          "from the host\n",
        );
      });

      await t.step("a write in the container reaches the host file", async () => {
        await reset("old\n");
        await ok(
          "run",
          "--rm",
          "--mount",
          `type=bind,source=${conf},target=/etc/app.conf`,
          "alpine",
          "sh",
          "-c",
          "echo new > /etc/app.conf; echo more >> /etc/app.conf",
        );
        assertEquals(await Deno.readTextFile(conf), "new\nmore\n");
      });

      await t.step(":ro refuses writes; the mount point cannot be removed", async () => {
        await reset("kept\n");
        const write = await docker(
          daemon,
          "run",
          "--rm",
          "-v",
          `${conf}:/etc/app.conf:ro`,
          "alpine",
          "sh",
          "-c",
          "echo x > /etc/app.conf",
        );
        assertEquals([write.code, write.stderr], [
          1,
          "sh: can't create /etc/app.conf: Read-only file system\n",
        ]);
        const rm = await docker(
          daemon,
          "run",
          "--rm",
          "-v",
          `${conf}:/etc/app.conf`,
          "alpine",
          "sh",
          "-c",
          "rm /etc/app.conf || mv /etc/app.conf /tmp/",
        );
        assertEquals(rm.code, 1);
        assertEquals(
          rm.stderr,
          "rm: cannot remove '/etc/app.conf': Device or resource busy\n" +
            "mv: cannot move '/etc/app.conf': Device or resource busy\n",
        );
        assertEquals(await Deno.readTextFile(conf), "kept\n");
      });

      await t.step("a host edit is seen by a running container; docker cp reads it", async () => {
        await reset("first\n");
        await ok(
          "run",
          "-d",
          "--name",
          "fb",
          "-v",
          `${conf}:/etc/app.conf`,
          "alpine",
          "sleep",
          "600",
        );
        await reset("edited on the host\n");
        assertEquals(await ok("exec", "fb", "cat", "/etc/app.conf"), "edited on the host\n");
        await ok("cp", "fb:/etc/app.conf", `${dir}/copied.conf`);
        assertEquals(await Deno.readTextFile(`${dir}/copied.conf`), "edited on the host\n");
      });

      await t.step("docker cp onto the mount point fails as dockerd's untar does", async () => {
        await Deno.writeTextFile(`${dir}/local.conf`, "from docker cp\n");
        const r = await docker(daemon, "cp", `${dir}/local.conf`, "fb:/etc/app.conf");
        assertEquals([r.code, r.stderr], [
          1,
          "Error response from daemon: unlinkat /etc/app.conf: device or resource busy\n",
        ]);
        assertEquals(await Deno.readTextFile(conf), "edited on the host\n");
      });

      await t.step("docker diff and commit leave the mount point out", async () => {
        await ok("exec", "fb", "sh", "-c", "echo changed > /etc/app.conf; echo x > /etc/other");
        assertEquals(await ok("diff", "fb"), "C /etc\nA /etc/other\n");
        await ok("commit", "fb", "file-binds:committed");
        const r = await docker(
          daemon,
          "run",
          "--rm",
          "file-binds:committed",
          "sh",
          "-c",
          "cat /etc/other; test -e /etc/app.conf || echo absent",
        );
        assertEquals([r.code, r.stdout], [0, "x\nabsent\n"]);
        assertEquals(await Deno.readTextFile(conf), "changed\n");
        await ok("rm", "-f", "fb");
        await ok("rmi", "file-binds:committed");
      });

      await t.step("a file bind inside a directory bind shadows one host file", async () => {
        await Deno.mkdir(`${dir}/app`);
        await Deno.writeTextFile(`${dir}/app/app.ini`, "in the directory\n");
        await reset("bound over it\n");
        const out = await ok(
          "run",
          "--rm",
          "-v",
          `${conf}:/app/app.ini:ro`,
          "-v",
          `${dir}/app:/app`,
          "alpine",
          "sh",
          "-c",
          "cat /app/app.ini; echo made > /app/made; ls /app",
        );
        assertEquals(out, "bound over it\napp.ini\nmade\n");
        assertEquals(await Deno.readTextFile(`${dir}/app/made`), "made\n");
        assertEquals(await Deno.readTextFile(`${dir}/app/app.ini`), "in the directory\n");
      });

      await t.step("a Unix socket source is refused with a 501 that says why", async () => {
        const r = await docker(
          daemon,
          "run",
          "--rm",
          "-v",
          `${daemon.socket}:/var/run/docker.sock`,
          "alpine",
          "true",
        );
        assertEquals(r.code, 125);
        assertStringIncludes(
          r.stderr,
          `bind mounts of Unix sockets are not supported by the memory backend: ${daemon.socket} ` +
            "is a Unix socket (the sandbox has no Unix sockets to connect to)",
        );
      });

      await t.step("tty names the terminal with -t, else 'not a tty'", async () => {
        assertEquals(await ok("run", "--rm", "-t", "alpine", "tty"), "/dev/pts/0\r\n");
        const r = await docker(daemon, "run", "--rm", "alpine", "tty");
        assertEquals([r.code, r.stdout], [1, "not a tty\n"]);
      });
    } finally {
      await docker(daemon, "rm", "-f", "fb");
      await Deno.remove(dir, { recursive: true });
    }
  },
});
