/** Bind mounts of single host files, as Linux bind mounts of a file behave. */

import { assert, assertEquals, assertStringIncludes } from "../_assert.ts";
import { container, sh } from "../_test_helpers.ts";
import type { SandboxContainer } from "../mod.ts";

/** The error `fn` rejects with. */
async function rejection(fn: () => Promise<unknown>): Promise<Error> {
  try {
    await fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error("Expected promise to reject");
}

/** A container with `rw.conf` bound read-write at /etc/app.conf and `ro.conf` read-only. */
async function withBinds(
  fn: (c: SandboxContainer, host: { rw: string; ro: string }) => Promise<void>,
): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "sandbox-file-bind-" });
  const host = { rw: `${dir}/rw.conf`, ro: `${dir}/ro.conf` };
  await Deno.writeTextFile(host.rw, "from host\n");
  await Deno.writeTextFile(host.ro, "read only\n");
  try {
    const c = await container([
      { type: "bind", source: host.rw, target: "/etc/app.conf" },
      { type: "bind", source: host.ro, target: "/etc/os-release", readOnly: true },
    ]);
    await fn(c, host);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("a file bind reads and writes the host file, both ways", async () => {
  await withBinds(async (c, host) => {
    assertEquals((await sh(c, "cat /etc/app.conf")).out, "from host\n");
    assertEquals((await sh(c, "echo written > /etc/app.conf; echo more >> /etc/app.conf")).code, 0);
    assertEquals(await Deno.readTextFile(host.rw), "written\nmore\n");
    await Deno.writeTextFile(host.rw, "edited on the host\n");
    assertEquals(
      (await sh(c, "cat /etc/app.conf; wc -c < /etc/app.conf")).out,
      "edited on the host\n19\n",
    );
    const r = await sh(c, "cp /etc/hostname /etc/app.conf && cat /etc/app.conf");
    assertEquals([r.out, r.err], ["box\n", ""]);
    assertEquals(await Deno.readTextFile(host.rw), "box\n");
  });
});

Deno.test("the mount point shadows the image's file and is listed in its directory", async () => {
  await withBinds(async (c) => {
    assertEquals((await sh(c, "cat /etc/os-release")).out, "read only\n");
    const names = (await sh(c, "ls /etc")).out.split("\n");
    assert(names.includes("app.conf") && names.includes("os-release"), names.join(" "));
    assertEquals((await c.stat("/etc/app.conf"))?.kind, "file");
  });
});

Deno.test("a read-only file bind refuses writes with EROFS", async () => {
  await withBinds(async (c, host) => {
    const r = await sh(c, "echo x > /etc/os-release");
    assertEquals([r.code, r.err], [1, "sh: can't create /etc/os-release: Read-only file system\n"]);
    const t = await sh(c, "touch /etc/os-release");
    assertEquals(t.err, "touch: cannot touch '/etc/os-release': Read-only file system\n");
    assertEquals(await Deno.readTextFile(host.ro), "read only\n");
  });
});

Deno.test("a file mount point cannot be removed or renamed, nor replaced by a rename", async () => {
  await withBinds(async (c, host) => {
    const rm = await sh(c, "rm /etc/app.conf");
    assertEquals([rm.code, rm.err], [
      1,
      "rm: cannot remove '/etc/app.conf': Device or resource busy\n",
    ]);
    const mv = await sh(c, "mv /etc/app.conf /tmp/x");
    assertEquals(mv.err, "mv: cannot move '/etc/app.conf': Device or resource busy\n");
    const onto = await sh(c, "echo other > /tmp/o; mv /tmp/o /etc/app.conf");
    assertStringIncludes(onto.err, "Device or resource busy");
    assertEquals(await Deno.readTextFile(host.rw), "from host\n");
    const ln = await sh(c, "mkdir /etc/app.conf; echo x > /etc/app.conf/y");
    assertEquals(
      ln.err,
      [
        "mkdir: cannot create directory '/etc/app.conf': File exists",
        "sh: can't create /etc/app.conf/y: Not a directory",
        "",
      ].join("\n"),
    );
  });
});

Deno.test("docker diff excludes the file mount point; a tar import onto it is busy", async () => {
  await withBinds(async (c, host) => {
    await sh(c, "echo changed > /etc/app.conf; echo new > /etc/other");
    assertEquals(c.changes(), [{ path: "/etc", kind: "modified" }, {
      path: "/etc/other",
      kind: "added",
    }]);
    const tar = await new Response(c.exportTar("/etc/app.conf")).arrayBuffer();
    assertStringIncludes(new TextDecoder().decode(tar), "changed\n");
    const error = await rejection(() =>
      c.importTar("/etc", ReadableStream.from([new Uint8Array(tar)]))
    );
    assertEquals(
      [error.message, (error as { code?: string }).code],
      ["EBUSY: Device or resource busy, unlinkat '/etc/app.conf'", "EBUSY"],
    );
    assertEquals(await Deno.readTextFile(host.rw), "changed\n");
  });
});

Deno.test("a file mount point missing from the image is created; a directory refuses a file", async () => {
  const file = await Deno.makeTempFile({ prefix: "sandbox-file-bind-" });
  try {
    await Deno.writeTextFile(file, "deep\n");
    const c = await container([{ type: "bind", source: file, target: "/opt/app/conf/x.ini" }]);
    assertEquals((await sh(c, "cat /opt/app/conf/x.ini")).out, "deep\n");
    const error = await rejection(() =>
      container([{ type: "bind", source: file, target: "/etc" }])
    );
    assertStringIncludes(error.message, 'to rootfs at "/etc": not a directory');
    assert(error.message.includes("Are you trying to mount a directory onto a file"));
  } finally {
    await Deno.remove(file);
  }
});
