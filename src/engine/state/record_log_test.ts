import { assert, assertEquals } from "../../../tests/_helpers/assert.ts";
import { encodeRecord, RecordLog } from "./record_log.ts";

const text = (records: Uint8Array[]) => records.map((r) => new TextDecoder().decode(r));

async function silenced<T>(fn: () => Promise<T>): Promise<T> {
  const original = console.error;
  console.error = () => {};
  try {
    return await fn();
  } finally {
    console.error = original;
  }
}

Deno.test("appended records read back in order after a reopen", async () => {
  const dir = await Deno.makeTempDir();
  const log = await RecordLog.open(`${dir}/l`);
  await Promise.all(["a", "b", "c"].map((r) => log.append(r)));
  await log.append(new Uint8Array([0, 1, 2]));
  await log.flush();
  assertEquals(text(await log.readAll()).slice(0, 3), ["a", "b", "c"]);
  await log.close();
  const again = await RecordLog.open(`${dir}/l`);
  const all = await again.readAll();
  assertEquals(all.length, 4);
  assertEquals([...all[3]], [0, 1, 2]);
  await again.close();
  await Deno.remove(dir, { recursive: true });
});

Deno.test("a torn tail at every cut point is dropped and appends continue after it", async () => {
  const dir = await Deno.makeTempDir();
  const good = encodeRecord("first line");
  const last = encodeRecord("second line");
  for (let cut = 0; cut < last.length; cut++) {
    const path = `${dir}/t${cut}`;
    const bytes = new Uint8Array(good.length + cut);
    bytes.set(good);
    bytes.set(last.subarray(0, cut), good.length);
    await Deno.writeFile(path, bytes);
    const log = await silenced(() => RecordLog.open(path));
    assertEquals(text(await log.readAll()), ["first line"], `cut at ${cut}`);
    await log.append("after");
    assertEquals(text(await log.readAll()), ["first line", "after"], `cut at ${cut}`);
    await log.close();
  }
  await Deno.remove(dir, { recursive: true });
});

Deno.test("a zero-filled tail is not read as empty records", async () => {
  const dir = await Deno.makeTempDir();
  const path = `${dir}/z`;
  const good = encodeRecord("x");
  const bytes = new Uint8Array(good.length + 64);
  bytes.set(good);
  await Deno.writeFile(path, bytes);
  const log = await silenced(() => RecordLog.open(path));
  assertEquals(text(await log.readAll()), ["x"]);
  assertEquals((await Deno.stat(path)).size, good.length);
  await log.close();
  await Deno.remove(dir, { recursive: true });
});

Deno.test("a corrupt record in the middle ends the readable log there", async () => {
  const dir = await Deno.makeTempDir();
  const path = `${dir}/c`;
  const log = await RecordLog.open(path);
  for (const r of ["one", "two", "three"]) await log.append(r);
  await log.close();
  const bytes = await Deno.readFile(path);
  bytes[encodeRecord("one").length + 9] ^= 0xff; // a payload byte of "two"
  await Deno.writeFile(path, bytes);
  const reopened = await silenced(() => RecordLog.open(path));
  assertEquals(text(await reopened.readAll()), ["one"]);
  await reopened.close();
  await Deno.remove(dir, { recursive: true });
});

Deno.test("replace compacts the log atomically and appends follow", async () => {
  const dir = await Deno.makeTempDir();
  const log = await RecordLog.open(`${dir}/r`);
  for (let i = 0; i < 10; i++) await log.append(`e${i}`);
  await log.replace(["e8", "e9"]);
  await log.append("e10");
  await log.flush();
  assertEquals(text(await log.readAll()), ["e8", "e9", "e10"]);
  assert(log.size === (await Deno.stat(`${dir}/r`)).size, "size tracks the file");
  await log.close();
  await Deno.remove(dir, { recursive: true });
});

Deno.test("a log reopened at the size it was closed at is not scanned; a changed one is", async () => {
  const dir = await Deno.makeTempDir();
  const path = `${dir}/k`;
  const log = await RecordLog.open(path);
  await log.append("one");
  await log.close();
  const size = log.size;
  const again = await RecordLog.open(path, size);
  await again.append("two");
  await again.close();
  // Torn behind the writer's back: the remembered size no longer matches, so it is scanned.
  const bytes = await Deno.readFile(path);
  await Deno.writeFile(path, bytes.subarray(0, bytes.length - 1));
  const third = await silenced(() => RecordLog.open(path, again.size));
  assertEquals(text(await third.readAll()), ["one"]);
  await third.close();
  await Deno.remove(dir, { recursive: true });
});
