import { assert, assertEquals } from "../_assert.ts";
import { createContainer, createImageLayer } from "../mod.ts";
import { decodeLayer, encodeLayer } from "./layer_snapshot.ts";

const IMAGE = createImageLayer({ name: "snap:test" });

Deno.test("a container's writable layer round-trips through its bytes", async () => {
  const c = await createContainer({ image: IMAGE });
  await c.mkdirp("/data");
  await c.writeFile("/data/a.bin", new Uint8Array([0, 1, 2, 255]));
  await c.writeFile("/etc/hosts", "not saved: written again at create\n");
  const bytes = encodeLayer(c.snapshot());
  const snap = decodeLayer(bytes);
  assert(snap, "decodes");
  assert(!snap.entries.some((e) => e.path === "/etc/hosts"), "hosts is the daemon's");
  const d = await createContainer({ image: IMAGE });
  d.restore(snap);
  assertEquals([...await d.readFile("/data/a.bin")], [0, 1, 2, 255]);
});

Deno.test("a torn or corrupt layer file is refused, never half-restored", async () => {
  const c = await createContainer({ image: IMAGE });
  await c.writeFile("/f", "x".repeat(100));
  const bytes = encodeLayer(c.snapshot());
  for (const cut of [0, 4, 10, bytes.length - 1]) {
    assertEquals(decodeLayer(bytes.subarray(0, cut)), undefined, `cut at ${cut}`);
  }
  const flipped = bytes.slice();
  flipped[flipped.length - 5] ^= 1;
  assertEquals(decodeLayer(flipped), undefined);
});
