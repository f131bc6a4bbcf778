import { assert, assertEquals, assertRejects } from "../_assert.ts";
import { container, IMAGE } from "../_test_helpers.ts";
import { LayerFs } from "./layer_fs.ts";

Deno.test("writes go to the upper layer and never change the shared image", async () => {
  const a = new LayerFs(IMAGE);
  const b = new LayerFs(IMAGE);
  await a.writeFile("/etc/os-release", "changed\n");
  assertEquals(await a.readFile("/etc/os-release"), "changed\n");
  assert((await b.readFile("/etc/os-release")).includes("Alpine"));
  assertEquals(a.changes(), [{ path: "/etc", kind: "modified" }, {
    path: "/etc/os-release",
    kind: "modified",
  }]);
});

Deno.test("deleting an image directory hides it until it is re-created empty", async () => {
  const fs = new LayerFs(IMAGE);
  await fs.rm("/etc", { recursive: true });
  assertEquals(await fs.exists("/etc/passwd"), false);
  await fs.mkdir("/etc");
  assertEquals(await fs.readdir("/etc"), []);
  assert(fs.changes().some((c) => c.path === "/etc"));
});

Deno.test("dot-dot and symlinks cannot leave the root", async () => {
  const fs = new LayerFs(IMAGE);
  assertEquals(fs.resolvePath("/tmp", "../../../../etc/passwd"), "/etc/passwd");
  await fs.symlink("../../../../../..", "/tmp/up");
  assertEquals(await fs.realpath("/tmp/up"), "/");
  await fs.symlink("/../../../etc", "/tmp/etc");
  assert((await fs.readFile("/tmp/etc/passwd")).startsWith("root:"));
  await fs.symlink("/tmp/loop", "/tmp/loop");
  await assertRejects(() => fs.readFile("/tmp/loop"));
});

Deno.test("devices behave like /dev/null, /dev/zero and /dev/urandom", async () => {
  const fs = new LayerFs(IMAGE);
  await fs.writeFile("/dev/null", "discarded");
  assertEquals((await fs.readFileBuffer("/dev/null")).byteLength, 0);
  assert((await fs.readFileBuffer("/dev/zero")).every((b) => b === 0));
  assert((await fs.readFileBuffer("/dev/urandom")).some((b) => b !== 0));
});

Deno.test("1,000 containers over one image share it and copy nothing", async () => {
  const containers = await Promise.all(Array.from({ length: 1000 }, () => container()));
  for (const c of containers) {
    assert(c.layer.image === IMAGE);
    assertEquals(c.changes(), []);
    assertEquals(c.layer.upperSize, 2); // only the per-container /etc/hosts and /etc/hostname
  }
});

Deno.test("a snapshot of the writable layer restores over a fresh one, whiteouts and all", async () => {
  const fs = new LayerFs(IMAGE);
  const start = fs.generation;
  await fs.writeFile("/new.txt", "new\n");
  await fs.chmod("/etc/passwd", 0o600); // keeps the image's bytes
  await fs.rm("/etc/os-release");
  await fs.rm("/usr", { recursive: true });
  await fs.mkdir("/usr");
  assert(fs.generation > start, "changes move the generation");
  const snap = fs.snapshotUpper();
  assert(snap.entries.find((e) => e.path === "/etc/passwd")?.sharesLower, "shared bytes marked");
  const again = new LayerFs(IMAGE);
  again.restoreUpper(snap);
  assertEquals(await again.readFile("/new.txt"), "new\n");
  assertEquals((await again.stat("/etc/passwd")).mode, 0o600);
  assert((await again.readFile("/etc/passwd")).includes("root"));
  assertEquals(await again.exists("/etc/os-release"), false);
  assertEquals(await again.readdir("/usr"), []);
  assertEquals(again.changes(), fs.changes());
});

Deno.test("writes to untracked paths do not move the generation", async () => {
  const fs = new LayerFs(IMAGE, new Set(["/etc/hosts"]));
  const start = fs.generation;
  await fs.writeFile("/etc/hosts", "127.0.0.1 localhost\n");
  assertEquals(fs.generation, start);
  await fs.writeFile("/etc/other", "x");
  assert(fs.generation > start);
});
