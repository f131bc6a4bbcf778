import { assertEquals } from "../../../tests/_helpers/assert.ts";
import { ObjectStore } from "./object_store.ts";

Deno.test("put, remove and loadAll, with ids that are not file names", async () => {
  const dir = await Deno.makeTempDir();
  const store = new ObjectStore<{ n: number }>(`${dir}/objs`);
  await store.put("sha256:abc", { n: 1 });
  await store.put("library/alpine:3.20", { n: 2 });
  await store.put("gone", { n: 3 });
  await store.remove("gone");
  await store.remove("never-there");
  const loaded = await new ObjectStore<{ n: number }>(`${dir}/objs`).loadAll();
  assertEquals(Object.fromEntries(loaded), {
    "sha256:abc": { n: 1 },
    "library/alpine:3.20": { n: 2 },
  });
  await Deno.remove(dir, { recursive: true });
});

Deno.test("concurrent puts to one id keep the last one", async () => {
  const dir = await Deno.makeTempDir();
  const store = new ObjectStore<number>(dir);
  await Promise.all(Array.from({ length: 20 }, (_, i) => store.put("x", i)));
  assertEquals(await store.get("x"), 19);
  await Promise.all([store.put("y", 1), store.remove("y")]);
  assertEquals(await store.get("y"), undefined);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("loadAll deletes crash leftovers and skips damaged files", async () => {
  const dir = await Deno.makeTempDir();
  const store = new ObjectStore<string>(dir);
  await store.put("ok", "fine");
  await Deno.writeTextFile(`${dir}/half.json.tmp-123-1`, '{"sha256":"');
  await Deno.writeTextFile(`${dir}/torn.json`, '{"sha256":"00');
  const original = console.error;
  console.error = () => {};
  const loaded = await store.loadAll().finally(() => console.error = original);
  assertEquals(Object.fromEntries(loaded), { ok: "fine" });
  const names = [...Deno.readDirSync(dir)].map((e) => e.name).sort();
  assertEquals(names.length, 2);
  assertEquals(names[0], "ok.json");
  await Deno.remove(dir, { recursive: true });
});
