/** Mounts stacked inside other mounts, as the kernel stacks them. */

import { assertEquals } from "../_assert.ts";
import { container, sh } from "../_test_helpers.ts";

Deno.test("a file bind inside a directory bind shadows one file of the host directory", async () => {
  const dir = await Deno.makeTempDir({ prefix: "sandbox-mount-table-" });
  try {
    await Deno.mkdir(`${dir}/app`);
    await Deno.writeTextFile(`${dir}/app/main.sh`, "echo main\n");
    await Deno.writeTextFile(`${dir}/app/config.ini`, "shadowed\n");
    await Deno.writeTextFile(`${dir}/config.ini`, "mounted\n");
    // Given inner first: the outer mount is still mounted first, as dockerd sorts them.
    const c = await container([
      { type: "bind", source: `${dir}/config.ini`, target: "/app/config.ini", readOnly: true },
      { type: "bind", source: `${dir}/app`, target: "/app" },
      { type: "tmpfs", target: "/app/cache" },
    ]);
    const r = await sh(
      c,
      "sh /app/main.sh; cat /app/config.ini; ls /app; echo new > /app/new; echo t > /app/cache/t",
    );
    assertEquals([r.out, r.err], ["main\nmounted\ncache\nconfig.ini\nmain.sh\n", ""]);
    const ro = await sh(c, "echo x > /app/config.ini");
    assertEquals(ro.err, "sh: can't create /app/config.ini: Read-only file system\n");
    const rm = await sh(c, "rm /app/config.ini");
    assertEquals(rm.err, "rm: cannot remove '/app/config.ini': Device or resource busy\n");
    assertEquals(await Deno.readTextFile(`${dir}/app/new`), "new\n");
    assertEquals(await Deno.readTextFile(`${dir}/app/config.ini`), "shadowed\n");
    assertEquals((await sh(c, "cat /app/cache/t")).out, "t\n");
    assertEquals([...Deno.readDirSync(`${dir}/app`)].map((e) => e.name).sort(), [
      "config.ini",
      "main.sh",
      "new",
    ]);
    assertEquals(c.changes(), []);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
