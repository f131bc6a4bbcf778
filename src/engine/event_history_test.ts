import { assert, assertEquals } from "../../tests/_helpers/assert.ts";
import { keepEventHistory } from "./event_history.ts";
import { EventBus } from "./events.ts";
import { decodeRecords } from "./state/mod.ts";

async function withDir(fn: (dir: string) => Promise<void>) {
  const dir = await Deno.makeTempDir({ prefix: "event-history-test-" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("the events history is replayed after a restart, later stamps following it", async () => {
  await withDir(async (dir) => {
    const first = new EventBus();
    const log = await keepEventHistory(first, `${dir}/events.log`);
    first.publish({ Type: "container", Action: "create", id: "a", attributes: { name: "k" } });
    const last = first.publish({ Type: "container", Action: "die", id: "a" });
    await log.flush();
    await log.close();

    const second = new EventBus();
    const reopened = await keepEventHistory(second, `${dir}/events.log`);
    assertEquals(second.history().map((e) => e.Action), ["create", "die"]);
    assertEquals(second.history()[1].timeNano, last.timeNano);
    assertEquals(second.history()[0].Actor.Attributes, { name: "k" });
    const next = second.publish({ Type: "container", Action: "start", id: "a" });
    assert(next.timeNano > last.timeNano);
    await reopened.close();
  });
});

Deno.test("the events log is bounded: compacted at start and when it doubles", async () => {
  await withDir(async (dir) => {
    const path = `${dir}/events.log`;
    const bus = new EventBus();
    const log = await keepEventHistory(bus, path, 5);
    for (let i = 0; i < 12; i++) bus.publish({ Type: "network", Action: `a${i}`, id: "n" });
    await log.flush();
    await log.close();
    const onDisk = decodeRecords(await Deno.readFile(path)).records.length;
    assert(onDisk < 10, `${onDisk} records on disk`);

    const again = new EventBus();
    const reopened = await keepEventHistory(again, path, 5);
    assertEquals(again.history().map((e) => e.Action), ["a7", "a8", "a9", "a10", "a11"]);
    assertEquals(decodeRecords(await Deno.readFile(path)).records.length, 5);
    await reopened.close();
  });
});

Deno.test("a torn last event is dropped, the others kept", async () => {
  await withDir(async (dir) => {
    const path = `${dir}/events.log`;
    const bus = new EventBus();
    const log = await keepEventHistory(bus, path);
    bus.publish({ Type: "volume", Action: "create", id: "v" });
    bus.publish({ Type: "volume", Action: "destroy", id: "v" });
    await log.flush();
    await log.close();
    const bytes = await Deno.readFile(path);
    await Deno.writeFile(path, bytes.subarray(0, bytes.length - 3));
    const again = new EventBus();
    const errors: string[] = [];
    const error = console.error;
    console.error = (msg: string) => errors.push(msg);
    try {
      const reopened = await keepEventHistory(again, path);
      await reopened.close();
    } finally {
      console.error = error;
    }
    assertEquals(again.history().map((e) => e.Action), ["create"]);
    assertEquals(errors.length, 1);
  });
});
