import { assert, assertEquals, assertRejects } from "../../../tests/_helpers/assert.ts";
import type { Runtime, RuntimeContainer } from "../../../sandbox/runtime.ts";
import { SandboxRuntime } from "../../../sandbox/mod.ts";
import { DockerError } from "../../engine/mod.ts";
import { createMemoryBackend } from "./mod.ts";
import { catalogueStandIns } from "./images/stand_ins.ts";

/** A runtime over the sandbox that counts what the engine asks of it. */
function countingRuntime(capabilities = { pause: true, publishedPorts: false, resize: false }) {
  const inner = new SandboxRuntime();
  const seen = { created: 0, opened: 0, destroyed: 0 };
  const runtime: Runtime = {
    name: "counting",
    capabilities,
    async createContainer(spec) {
      seen.created++;
      const layers = spec.rootfs.layers.map((l) => ({
        diffId: l.diffId,
        open: () => {
          seen.opened++;
          return l.open();
        },
      }));
      const c = await inner.createContainer({ ...spec, rootfs: { ...spec.rootfs, layers } });
      const counted: RuntimeContainer = Object.create(c);
      counted.destroy = (ms) => {
        seen.destroyed++;
        return c.destroy(ms);
      };
      if (!capabilities.pause) counted.pause = undefined;
      return counted;
    },
    retainLayers: (chains) => inner.retainLayers(chains),
  };
  return { runtime, seen };
}

async function runAlpine(backend: ReturnType<typeof createMemoryBackend>, cmd: string[]) {
  await backend.images.pull("alpine", "3.20", { onProgress: () => {} });
  const { Id } = await backend.containers.create(undefined, { Image: "alpine:3.20", Cmd: cmd });
  return Id;
}

Deno.test("a runtime passed in runs the containers; catalogue images reach it as their tar", async () => {
  const { runtime, seen } = countingRuntime();
  const backend = createMemoryBackend({ runtime });
  const id = await runAlpine(backend, ["sh", "-c", "cat /etc/os-release | head -1"]);
  await backend.containers.start(id);
  const signal = new AbortController().signal;
  const waiter = await backend.containers.wait(id, "not-running", signal);
  assertEquals(await waiter.result, { StatusCode: 0 });
  const options = { stdout: true, stderr: true, follow: false };
  const { entries } = await backend.streams.logs(id, options, signal);
  let out = "";
  for await (const e of entries) out += new TextDecoder().decode(e.data);
  assertEquals(out, 'NAME="Alpine Linux"\n');
  assertEquals([seen.created, seen.opened], [1, 1]);
  await backend.containers.remove(id, { force: false, volumes: false, link: false });
  assertEquals(seen.destroyed, 1, "removal frees the runtime's container");
});

Deno.test("pause on a runtime without it is a 501 naming the runtime", async () => {
  const { runtime } = countingRuntime({ pause: false, publishedPorts: false, resize: false });
  const backend = createMemoryBackend({ runtime });
  const id = await runAlpine(backend, ["sleep", "1000"]);
  await backend.containers.start(id);
  const err = await assertRejects(
    () => backend.containers.pause(id),
    "ContainerPause is not implemented by the counting runtime",
  );
  assert(err instanceof DockerError && err.kind === "NotImplemented");
  await backend.containers.remove(id, { force: true, volumes: false, link: false });
});

Deno.test("catalogue stand-ins seed the in-process layer cache, for pulls and restored images", async () => {
  const seeded: string[][] = [];
  const standIns = catalogueStandIns((chain) => seeded.push([...chain]));
  const record = await standIns.find("busybox", "1.36");
  assert(record, "busybox:1.36 is in the catalogue");
  const diffId = record.layers[0].diffId;
  assertEquals(seeded, [[diffId]]);
  assertEquals(await standIns.find("busybox", "0.1"), undefined);
  const restored = standIns.layer({ diffId, size: record.layers[0].size, catalogue: "busybox" });
  assertEquals(seeded, [[diffId], [diffId]]);
  const tar = new Uint8Array(await new Response(restored.open()).arrayBuffer());
  assertEquals(tar.byteLength, record.layers[0].size, "the restored layer reads as the same tar");
});

Deno.test("a working directory a run removed is made again at the next start", async () => {
  const backend = createMemoryBackend();
  await backend.images.pull("alpine", "3.20", { onProgress: () => {} });
  const { Id } = await backend.containers.create(undefined, {
    Image: "alpine:3.20",
    WorkingDir: "/work/dir",
    Cmd: ["sh", "-c", "pwd; ls -d /work/dir; rm -rf /work"],
  });
  const signal = new AbortController().signal;
  for (let run = 0; run < 2; run++) {
    await backend.containers.start(Id);
    assertEquals(await (await backend.containers.wait(Id, "not-running", signal)).result, {
      StatusCode: 0,
    });
  }
  const options = { stdout: true, stderr: true, follow: false };
  let out = "";
  for await (const e of (await backend.streams.logs(Id, options, signal)).entries) {
    out += new TextDecoder().decode(e.data);
  }
  assertEquals(out, "/work/dir\n/work/dir\n".repeat(2));
});
