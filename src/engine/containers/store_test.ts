import { assertEquals } from "../../../tests/_helpers/assert.ts";
import { openDataRoot } from "../state/mod.ts";
import { DiskContainerStore, type SavedContainer } from "./store.ts";

function saved(id: string): SavedContainer {
  return { id, name: id, state: { Status: "exited" } } as unknown as SavedContainer;
}

Deno.test("container store: records, logs and layers come back; a removal's leftovers are swept", async () => {
  const base = await Deno.makeTempDir();
  const root = await openDataRoot(base);
  const store = await DiskContainerStore.open(root);
  await store.save(saved("a"));
  await store.save(saved("b"));
  const sink = store.logSink("a");
  await sink.write({ stream: 1, time: 5n, data: new TextEncoder().encode("hello\n") });
  await sink.close?.();
  await store.saveLayer("a", new Uint8Array([1, 2, 3]));
  await store.forget("b");
  // What a crash in the middle of a removal or a layer save leaves behind:
  await Deno.writeTextFile(`${root.dir("containers")}/zz.log`, "orphan");
  await Deno.writeTextFile(`${root.dir("containers")}/a.layer.tmp-1-1`, "half");
  await store.records.close();
  root.release();

  const again = await openDataRoot(base);
  const loaded = await (await DiskContainerStore.open(again)).loadAll();
  assertEquals(loaded.map((s) => s.saved.id), ["a"]);
  assertEquals([...loaded[0].layer ?? []], [1, 2, 3]);
  const logs = await loaded[0].logs();
  assertEquals([logs[0].stream, logs[0].time, new TextDecoder().decode(logs[0].data)], [
    1,
    5n,
    "hello\n",
  ]);
  const names = [...Deno.readDirSync(again.dir("containers"))].map((e) => e.name).sort();
  assertEquals(names, ["a.layer", "a.log", "containers.journal"]);
  again.release();
  await Deno.remove(base, { recursive: true });
});
