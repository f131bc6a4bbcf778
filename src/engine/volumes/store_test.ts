import { assertEquals } from "../../../tests/_helpers/assert.ts";
import { EventBus } from "../events.ts";
import { VolumeStore } from "./store.ts";

Deno.test("volumes and their content survive a reopen; cut-short creates are swept", async () => {
  const dir = await Deno.makeTempDir({ prefix: "volume-store-test-" });
  try {
    const first = new VolumeStore(new EventBus(), dir);
    const v = await first.create("data", { keep: "yes" }, { o: "1" });
    await Deno.writeTextFile(`${v.mountpoint}/f`, "kept");
    await first.create("gone", {}, {});
    await first.remove("gone", false);
    await Deno.mkdir(`${dir}/half/_data`, { recursive: true });

    const second = new VolumeStore(new EventBus(), dir);
    await second.load();
    assertEquals([...second.values()], [v]);
    assertEquals(await Deno.readTextFile(`${second.get("data").mountpoint}/f`), "kept");
    assertEquals([...Deno.readDirSync(dir)].map((e) => e.name), ["data"]);
    second.restoreUser("data", "c1");
    assertEquals(second.usersOf("data"), ["c1"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a volume with damaged metadata keeps its data", async () => {
  const dir = await Deno.makeTempDir({ prefix: "volume-store-test-" });
  const error = console.error;
  try {
    const first = new VolumeStore(new EventBus(), dir);
    const v = await first.create("data", { keep: "yes" }, {});
    await Deno.writeTextFile(`${v.mountpoint}/f`, "kept");
    await Deno.writeTextFile(`${dir}/data/volume.json`, "torn");
    const errors: string[] = [];
    console.error = (msg: string) => errors.push(msg);
    const second = new VolumeStore(new EventBus(), dir);
    await second.load();
    assertEquals(second.get("data").labels, {});
    assertEquals(await Deno.readTextFile(`${second.get("data").mountpoint}/f`), "kept");
    assertEquals(errors.length, 2, errors.join("\n"));
  } finally {
    console.error = error;
    await Deno.remove(dir, { recursive: true });
  }
});
