import { assertEquals } from "../_assert.ts";
import { container } from "../_test_helpers.ts";
import { createTarDecoder } from "modern-tar";

Deno.test("exporting dir/. names entries relative to dir, as dockerd's archive does", async () => {
  const a = await container();
  await a.mkdirp("/cache/shared");
  await a.writeFile("/cache/shared/value", "v");
  const b = await container();
  await b.mkdirp("/dst");
  await b.importTar("/dst", a.exportTar("/cache/."));
  assertEquals(new TextDecoder().decode(await b.readFile("/dst/shared/value")), "v");
  assertEquals(await b.stat("/dst/cache"), undefined);
  // Without the dot the directory itself is the archive's top entry.
  await b.importTar("/dst", a.exportTar("/cache/"));
  assertEquals(new TextDecoder().decode(await b.readFile("/dst/cache/shared/value")), "v");
});

Deno.test("dir/. entries carry the ./ prefix dockerd's archive gives them", async () => {
  const a = await container();
  await a.mkdirp("/cache/sub");
  await a.writeFile("/cache/sub/value", "v");
  const names: string[] = [];
  for await (const entry of a.exportTar("/cache/.").pipeThrough(createTarDecoder())) {
    names.push(entry.header.name);
    await entry.body.cancel();
  }
  assertEquals(names, ["./", "./sub/", "./sub/value"]);
});
