import { assert, assertEquals } from "../../tests/_helpers/assert.ts";
import { makeTar } from "../../tests/_helpers/tar.ts";
import { createTarDecoder } from "modern-tar";
import type { RuntimeContainer } from "../runtime.ts";
import { SandboxRuntime } from "../sandbox_runtime.ts";
import { assertKind, countedLayer, serveInProcess, text } from "./_test_agent.ts";

const BASE = countedLayer("sha256:base", [
  { name: "etc/", type: "dir" },
  { name: "etc/passwd", body: "root:x:0:0:root:/root:/bin/sh\n" },
  { name: "data/", type: "dir" },
  { name: "data/seed.txt", body: "seeded\n" },
]);
const ROOTFS = { name: "base", layers: [BASE] };

async function run(c: RuntimeContainer, script: string): Promise<{ out: string; code: number }> {
  const p = await c.spawn({ argv: ["sh", "-c", script] });
  const [out, code] = await Promise.all([text(p.stdout), p.exited, text(p.stderr)]);
  return { out, code };
}

Deno.test("the sandbox over a WebSocket: hello, create, spawn, files, and each layer crosses once", async () => {
  const served = await serveInProcess(new SandboxRuntime());
  try {
    const { client } = served;
    assertEquals(client.name, "sandbox");
    assertEquals(client.capabilities.pause, true);
    const a = await client.createContainer({ rootfs: ROOTFS, hostname: "web" });
    const b = await client.createContainer({ rootfs: ROOTFS, files: [{ path: "/f", data: "x" }] });
    assertEquals(BASE.opens, 1);
    assertEquals(await run(a, "cat /data/seed.txt; hostname; exit 3"), {
      out: "seeded\nweb\n",
      code: 3,
    });
    assertEquals(new TextDecoder().decode(await b.readFile("/f")), "x");
    const before = a.layerGeneration();
    await a.writeFile("/data/new", new Uint8Array([1, 2, 3]));
    assert(a.layerGeneration() !== before, "a write moves the generation the client knows");
    const stat = await a.stat("/data/new");
    assertEquals(stat?.kind, "file");
    assertEquals(stat?.size, 3);
    assert(stat?.mtime instanceof Date);
    assertEquals(await a.stat("/nope"), undefined);
    await assertKind(() => a.readFile("/nope"), "NotFound");
    await a.destroy(0);
    await b.destroy(0);
  } finally {
    await served.close();
  }
});

Deno.test("stdin streams in, output streams out, several processes share the connection", async () => {
  const served = await serveInProcess(new SandboxRuntime());
  try {
    const c = await served.client.createContainer({ rootfs: ROOTFS });
    const cats = await Promise.all([1, 2, 3].map(() => c.spawn({ argv: ["cat"], stdin: true })));
    const outs = cats.map((p) => p.stdout.getReader());
    for (const [i, p] of cats.entries()) {
      const writer = p.stdin.getWriter();
      await writer.write(new TextEncoder().encode(`line ${i}\n`));
      const { value } = await outs[i].read();
      assertEquals(new TextDecoder().decode(value), `line ${i}\n`);
      await writer.close();
    }
    assertEquals(await Promise.all(cats.map((p) => p.exited)), [0, 0, 0]);
    await c.destroy(0);
  } finally {
    await served.close();
  }
});

Deno.test("archives cross both ways and a bad tar keeps its InvalidParameter kind", async () => {
  const served = await serveInProcess(new SandboxRuntime());
  try {
    const c = await served.client.createContainer({ rootfs: ROOTFS });
    await c.putArchive("/data", new Blob([makeTar([{ name: "in.txt", body: "put\n" }])]).stream());
    assertEquals(await run(c, "cat /data/in.txt"), { out: "put\n", code: 0 });
    const names: string[] = [];
    for await (const entry of (await c.getArchive("/data")).pipeThrough(createTarDecoder())) {
      names.push(entry.header.name);
      await entry.body.cancel();
    }
    assert(names.includes("data/in.txt"), names.join());
    const evil = makeTar([{ name: "../../escape.txt", body: "no" }]);
    await assertKind(() => c.putArchive("/data", new Blob([evil]).stream()), "InvalidParameter");
    await c.destroy(0);
  } finally {
    await served.close();
  }
});

Deno.test("a lost connection fails pending calls and running processes with Unavailable", async () => {
  const served = await serveInProcess(new SandboxRuntime());
  const c = await served.client.createContainer({ rootfs: ROOTFS });
  const p = await c.spawn({ argv: ["sleep", "1000"] });
  served.client.peer.socket.close();
  await assertKind(() => p.exited, "Unavailable", "connection was lost");
  await assertKind(() => c.usage(), "Unavailable");
  await served.close();
});

Deno.test("a process's exit brings the layer generation its writes made", async () => {
  const served = await serveInProcess(new SandboxRuntime());
  try {
    const c = await served.client.createContainer({ rootfs: ROOTFS });
    const before = c.layerGeneration();
    const p = await c.spawn({ argv: ["sh", "-c", "echo x > /data/written"] });
    assertEquals(await p.exited, 0);
    assert(c.layerGeneration() !== before, "the exit message carried the new generation");
    const saved = await c.saveLayer();
    assertEquals(saved.generation, c.layerGeneration());
    const restored = await served.client.createContainer({ rootfs: ROOTFS, layer: saved.bytes });
    assertEquals(await run(restored, "cat /data/written"), { out: "x\n", code: 0 });
  } finally {
    await served.close();
  }
});

Deno.test("optional capabilities cross as the runtime has them: pause yes, resize NotImplemented", async () => {
  const served = await serveInProcess(new SandboxRuntime());
  try {
    assertEquals(served.client.capabilities.resize, false);
    const c = await served.client.createContainer({ rootfs: ROOTFS });
    const p = await c.spawn({ argv: ["cat"], stdin: true });
    await c.pause!();
    await c.resume!();
    await assertKind(() => p.resize!(24, 80), "NotImplemented", "resize");
    const cat = (await c.processes()).find((row) => row.argv[0] === "cat");
    assert(cat?.started instanceof Date, "the running cat is listed, its start a Date");
    assert((await c.usage()).pids >= 1, "usage counts the running process");
    const writer = p.stdin.getWriter();
    await writer.write(new TextEncoder().encode("after resume\n"));
    await writer.close();
    assertEquals(await text(p.stdout), "after resume\n");
    assertEquals(await p.exited, 0);
  } finally {
    await served.close();
  }
});
