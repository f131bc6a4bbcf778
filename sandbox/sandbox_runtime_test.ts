import { assert, assertEquals, assertRejects } from "../tests/_helpers/assert.ts";
import { makeTar, type TarEntry } from "../tests/_helpers/tar.ts";
import { createTarDecoder } from "modern-tar";
import { DockerError } from "./errors.ts";
import { createImageLayer } from "./fs/alpine_base.ts";
import { commandNames } from "./commands/registry.ts";
import type { RootfsLayer, Runtime, RuntimeContainer } from "./runtime.ts";
import { SandboxRuntime } from "./sandbox_runtime.ts";

/** A layer whose opens are counted, so a test sees when the runtime unpacks it. */
function layer(diffId: string, entries: TarEntry[]): RootfsLayer & { opens: number } {
  const tar = makeTar(entries);
  const l = {
    diffId,
    opens: 0,
    open: () => {
      l.opens++;
      return new Blob([tar]).stream();
    },
  };
  return l;
}

const BASE = layer("sha256:base", [
  { name: "etc/", type: "dir" },
  { name: "etc/passwd", body: "root:x:0:0:root:/root:/bin/sh\napp:x:100:100::/home/app:/bin/sh\n" },
  { name: "etc/os-release", body: "ID=test\n" },
  { name: "data/", type: "dir" },
  { name: "data/seed.txt", body: "seeded\n" },
]);
const TOP = layer("sha256:top", [
  { name: "etc/.wh.os-release" },
  { name: "app/", type: "dir" },
  { name: "app/run.sh", body: "echo from top\n", mode: 0o755 },
]);

async function text(stream: ReadableStream<Uint8Array>): Promise<string> {
  return await new Response(stream).text();
}

async function run(c: RuntimeContainer, script: string): Promise<{ out: string; code: number }> {
  const p = await c.spawn({ argv: ["sh", "-c", script] });
  const [out, code] = await Promise.all([text(p.stdout), p.exited, text(p.stderr)]);
  return { out, code };
}

async function tarNames(stream: ReadableStream<Uint8Array>): Promise<string[]> {
  const names: string[] = [];
  for await (const entry of stream.pipeThrough(createTarDecoder())) {
    names.push(entry.header.name);
    await entry.body.cancel();
  }
  return names;
}

Deno.test("a chain is unpacked once, over its longest cached prefix", async () => {
  const runtime: Runtime = new SandboxRuntime();
  const base = { name: "base", layers: [BASE] };
  const a = await runtime.createContainer({ rootfs: base });
  await runtime.createContainer({ rootfs: base });
  assertEquals(BASE.opens, 1);
  const b = await runtime.createContainer({ rootfs: { name: "top", layers: [BASE, TOP] } });
  assertEquals([BASE.opens, TOP.opens], [1, 1]);
  assertEquals(await b.stat("/etc/os-release"), undefined, "the whiteout hides the lower file");
  assertEquals((await run(b, "sh /app/run.sh; cat /data/seed.txt")).out, "from top\nseeded\n");
  assertEquals((await run(a, "cat /etc/os-release")).out, "ID=test\n");
  runtime.retainLayers([]);
  await runtime.createContainer({ rootfs: base });
  assertEquals(BASE.opens, 2, "a chain no image uses is unpacked again");
});

Deno.test("a seeded chain is never read from its tar", async () => {
  const runtime = new SandboxRuntime();
  const generated = layer("sha256:generated", []);
  runtime.seedLayer(
    [generated.diffId],
    () => createImageLayer({ name: "gen", osRelease: "ID=gen\n", commands: commandNames() }),
  );
  const c = await runtime.createContainer({ rootfs: { name: "gen", layers: [generated] } });
  runtime.retainLayers([]);
  await runtime.createContainer({ rootfs: { name: "gen", layers: [generated] } });
  assertEquals(generated.opens, 0);
  assertEquals((await run(c, "cat /etc/os-release")).out, "ID=gen\n");
});

Deno.test("a saved writable layer is restored over the image; a damaged one is refused", async () => {
  const runtime = new SandboxRuntime();
  const rootfs = { name: "base", layers: [BASE] };
  const c = await runtime.createContainer({ rootfs, hostname: "box", workingDir: "/work/dir" });
  assertEquals((await run(c, "echo kept > /work/dir/f; rm /data/seed.txt; hostname")).out, "box\n");
  const saved = await c.saveLayer();
  assertEquals(saved.generation, c.layerGeneration());
  const d = await runtime.createContainer({ rootfs, layer: saved.bytes });
  assertEquals(new TextDecoder().decode(await d.readFile("/work/dir/f")), "kept\n");
  assertEquals(await d.stat("/data/seed.txt"), undefined);
  assertEquals(await c.changes(), [
    { path: "/data", kind: 0 },
    { path: "/data/seed.txt", kind: 2 },
    { path: "/work", kind: 1 },
    { path: "/work/dir", kind: 1 },
    { path: "/work/dir/f", kind: 1 },
  ]);
  assertEquals(await c.changedBytes(), 5);
  assertEquals(await tarNames(await c.exportChanges()), [
    "data/",
    "data/.wh.seed.txt",
    "work/",
    "work/dir/",
    "work/dir/f",
  ]);
  const damaged = saved.bytes.slice();
  damaged[damaged.length - 1] ^= 1;
  const err = await assertRejects(
    () => runtime.createContainer({ rootfs, layer: damaged }),
    "damaged",
  );
  assert(err instanceof DockerError && err.kind === "InvalidParameter", String(err));
});

Deno.test("archives go in and out with their modes; a bad one is a bad request", async () => {
  const c = await new SandboxRuntime().createContainer({ rootfs: { name: "b", layers: [BASE] } });
  const tar = makeTar([{ name: "bin.sh", body: "echo hi\n", mode: 0o750 }]);
  await c.putArchive("/data", new Blob([tar]).stream(), { copyUIDGID: true });
  assertEquals((await c.stat("/data/bin.sh"))!.mode & 0o777, 0o750);
  assertEquals(await tarNames(await c.getArchive("/data")), [
    "data/",
    "data/bin.sh",
    "data/seed.txt",
  ]);
  const escape = makeTar([{ name: "../../etc/evil", body: "x" }]);
  const err = await assertRejects(
    () => c.putArchive("/data", new Blob([escape]).stream()),
    "invalid archive",
  );
  assert(err instanceof DockerError && err.kind === "InvalidParameter", String(err));
  const missing = await assertRejects(() => c.readFile("/nope"), "/nope");
  assert(missing instanceof DockerError && missing.kind === "NotFound", String(missing));
});

Deno.test("processes: signals, users, pause and the process list", async () => {
  const c = await new SandboxRuntime().createContainer({ rootfs: { name: "b", layers: [BASE] } });
  assertEquals(await c.checkUser("app"), undefined);
  assertEquals(
    await c.checkUser("nobody2"),
    "unable to find user nobody2: no matching entries in passwd file",
  );
  const p = await c.spawn({ argv: ["sleep", "1000"] });
  assertEquals((await c.processes()).map((i) => i.argv), [["sleep", "1000"]]);
  assertEquals((await c.usage()).pids, 1);
  await c.pause!();
  await c.resume!();
  await p.signal("TERM");
  assertEquals(await p.exited, 143);
  const tty = await c.spawn({ argv: ["sh", "-c", "echo out; echo err >&2"], tty: true });
  const [out, err] = await Promise.all([text(tty.stdout), text(tty.stderr)]);
  assertEquals([out, err], ["out\r\nerr\r\n", ""]);
  const last = await c.spawn({ argv: ["sleep", "1000"] });
  await c.destroy(0);
  assertEquals(await last.exited, 143);
});

Deno.test("an empty volume gets a copy of the image's content at its mount path", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const c = await new SandboxRuntime().createContainer({
      rootfs: { name: "b", layers: [BASE] },
      mounts: [{ type: "volume", source: dir, target: "/data", copyUp: true }],
    });
    assertEquals(await Deno.readTextFile(`${dir}/seed.txt`), "seeded\n");
    assertEquals((await run(c, "cat /data/seed.txt")).out, "seeded\n");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("an aborted create rejects with the signal's reason", async () => {
  const abort = new AbortController();
  abort.abort(new Error("client went away"));
  const rootfs = { name: "b", layers: [BASE] };
  await assertRejects(
    () => new SandboxRuntime().createContainer({ rootfs }, abort.signal),
    "client went away",
  );
});
