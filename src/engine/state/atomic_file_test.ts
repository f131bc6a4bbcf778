import { assert, assertEquals } from "../../../tests/_helpers/assert.ts";
import { encodeCheckedJson, readJsonChecked, writeJsonAtomic } from "./atomic_file.ts";

async function quietly<T>(fn: () => Promise<T>): Promise<{ value: T; stderr: string[] }> {
  const stderr: string[] = [];
  const original = console.error;
  console.error = (...args: unknown[]) => stderr.push(args.join(" "));
  try {
    return { value: await fn(), stderr };
  } finally {
    console.error = original;
  }
}

Deno.test("writeJsonAtomic round-trips and replaces the whole file", async () => {
  const dir = await Deno.makeTempDir();
  const path = `${dir}/a.json`;
  await writeJsonAtomic(path, { a: 1, s: "x".repeat(1000) });
  await writeJsonAtomic(path, { a: 2 });
  assertEquals(await readJsonChecked(path), { a: 2 });
  assertEquals([...Deno.readDirSync(dir)].map((e) => e.name), ["a.json"]);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("readJsonChecked answers undefined for a missing file", async () => {
  const dir = await Deno.makeTempDir();
  assertEquals(await readJsonChecked(`${dir}/none.json`), undefined);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("a torn file is reported, moved aside and never loaded", async () => {
  const dir = await Deno.makeTempDir();
  const text = encodeCheckedJson({ name: "k", state: "running" });
  // Every prefix of a valid file is a torn write; none may load.
  for (let cut = 0; cut < text.length; cut++) {
    const path = `${dir}/t${cut}.json`;
    await Deno.writeTextFile(path, text.slice(0, cut));
    const { value, stderr } = await quietly(() => readJsonChecked(path));
    assertEquals(value, undefined, `prefix of ${cut} bytes`);
    assert(cut === 0 || stderr.length === 1, `prefix of ${cut} bytes was not reported`);
  }
  await Deno.remove(dir, { recursive: true });
});

Deno.test("a flipped byte is detected by the checksum", async () => {
  const dir = await Deno.makeTempDir();
  const path = `${dir}/c.json`;
  await writeJsonAtomic(path, { exitCode: 0 });
  const text = await Deno.readTextFile(path);
  await Deno.writeTextFile(path, text.replace('"exitCode":0', '"exitCode":1'));
  const { value, stderr } = await quietly(() => readJsonChecked(path));
  assertEquals(value, undefined);
  assert(stderr[0].includes("checksum mismatch"), stderr[0]);
  const names = [...Deno.readDirSync(dir)].map((e) => e.name);
  assert(names.length === 1 && names[0].startsWith("c.json.corrupt-"), names.join());
  await Deno.remove(dir, { recursive: true });
});
