import { assertEquals } from "../../../tests/_helpers/assert.ts";
import { JournalStore } from "./journal_store.ts";

Deno.test("journal: puts and removes replay after a reopen, last version wins", async () => {
  const dir = await Deno.makeTempDir();
  const path = `${dir}/j`;
  const store = await JournalStore.open<{ n: number }>(path);
  await Promise.all([store.put("a", { n: 1 }), store.put("b", { n: 2 }), store.put("c", { n: 3 })]);
  await store.put("a", { n: 10 });
  await store.remove("b");
  await store.remove("never");
  await store.close();
  const again = await JournalStore.open<{ n: number }>(path);
  assertEquals(Object.fromEntries(again.values()), { a: { n: 10 }, c: { n: 3 } });
  await again.close();
  await Deno.remove(dir, { recursive: true });
});

Deno.test("journal: a torn last record loses only that change", async () => {
  const dir = await Deno.makeTempDir();
  const path = `${dir}/j`;
  const store = await JournalStore.open<string>(path);
  await store.put("x", "first");
  await store.put("x", "second");
  await store.close();
  const bytes = await Deno.readFile(path);
  await Deno.writeFile(path, bytes.subarray(0, bytes.length - 3));
  const original = console.error;
  console.error = () => {};
  const again = await JournalStore.open<string>(path).finally(() => console.error = original);
  assertEquals(again.values().get("x"), "first");
  await again.put("y", "after");
  await again.close();
  const third = await JournalStore.open<string>(path);
  assertEquals(Object.fromEntries(third.values()), { x: "first", y: "after" });
  await third.close();
  await Deno.remove(dir, { recursive: true });
});

Deno.test("journal: it is compacted to the live objects when it opens", async () => {
  const dir = await Deno.makeTempDir();
  const path = `${dir}/j`;
  const store = await JournalStore.open<number>(path);
  for (let i = 0; i < 200; i++) await store.put(`id${i % 5}`, i);
  await store.close();
  const before = (await Deno.stat(path)).size;
  const again = await JournalStore.open<number>(path);
  const after = (await Deno.stat(path)).size;
  assertEquals(again.values().size, 5);
  assertEquals(again.values().get("id4"), 199);
  assertEquals(after < before / 10, true, `${before} → ${after}`);
  await again.close();
  await Deno.remove(dir, { recursive: true });
});

Deno.test("journal: it is compacted while in use once it outgrows its live objects", async () => {
  const dir = await Deno.makeTempDir();
  const path = `${dir}/j`;
  const store = await JournalStore.open<string>(path);
  const big = "x".repeat(8192);
  // 400 versions of 2 objects: ~1.6 MB written, 8 KB live; puts race the compaction.
  for (let i = 0; i < 200; i++) {
    await Promise.all([store.put("a", `${i}${big}`), store.put("b", `${i}`)]);
  }
  assertEquals((await Deno.stat(path)).size < 1 << 20, true, "compacted below the 1 MB floor");
  await store.close();
  const again = await JournalStore.open<string>(path);
  assertEquals(again.values().get("a"), `199${big}`);
  assertEquals(again.values().get("b"), "199");
  await again.close();
  await Deno.remove(dir, { recursive: true });
});
