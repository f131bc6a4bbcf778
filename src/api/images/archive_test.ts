/**
 * docker save / docker load in process: an image (with a committed layer) survives save → rmi →
 * load with the same id and runs; a bad archive is refused and leaves no image.
 */
import { assert, assertEquals, assertStringIncludes } from "../../../tests/_helpers/assert.ts";
import { call, runContainer, testApp } from "../../../tests/_helpers/app.ts";
import { makeTar } from "../../../tests/_helpers/tar.ts";
import { assertConforms } from "../../../tests/conformance/conform.ts";

const runIn = runContainer;

function load(app: ReturnType<typeof testApp>["app"], body: Uint8Array<ArrayBuffer>) {
  return app.fetch(
    new Request("http://docker/images/load", {
      method: "POST",
      body,
      headers: { "Content-Type": "application/x-tar" },
    }),
  );
}

Deno.test("save, remove and load back an image with a committed layer", async () => {
  const { app } = testApp();
  await (await call(app, "POST", "/images/create?fromImage=alpine")).text();
  const c = await runIn(app, "alpine", ["sh", "-c", "echo saved > /saved.txt"]);
  await (await call(app, "POST", `/commit?container=${c.id}&repo=keep&tag=1`, "{}")).text();
  const id = (await (await call(app, "GET", "/images/keep:1/json")).json()).Id;
  const saved = await call(app, "GET", "/images/keep:1/get");
  assertEquals([saved.status, saved.headers.get("content-type")], [200, "application/x-tar"]);
  const archive = new Uint8Array(await saved.arrayBuffer());
  const all = await call(app, "GET", "/images/get?names=keep:1&names=alpine");
  assertEquals(all.status, 200);
  assert((await all.arrayBuffer()).byteLength >= archive.byteLength);
  await (await call(app, "DELETE", `/containers/${c.id}`)).text();
  await (await call(app, "DELETE", "/images/keep:1")).text();
  assertEquals((await call(app, "GET", "/images/keep:1/json")).status, 404);
  const loaded = await load(app, archive);
  assertEquals(loaded.status, 200);
  assertEquals(JSON.parse(await loaded.text()), { stream: "Loaded image: keep:1\n" });
  const inspect = await (await call(app, "GET", "/images/keep:1/json")).json();
  assertConforms("ImageInspect", 200, inspect);
  assertEquals(inspect.Id, id);
  assertEquals((await runIn(app, "keep:1", ["sh", "-c", "grep -q saved /saved.txt"])).code, 0);
});

/** The names in a tar (ustar headers, no long names needed here). */
function tarNames(tar: Uint8Array): string[] {
  const names: string[] = [];
  const dec = new TextDecoder();
  for (let at = 0; at + 512 <= tar.byteLength && tar[at] !== 0;) {
    names.push(dec.decode(tar.subarray(at, at + 100)).replace(/\0.*$/s, ""));
    const size = parseInt(dec.decode(tar.subarray(at + 124, at + 136)).replace(/\0.*$/s, ""), 8);
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return names;
}

Deno.test("save by image ID leaves the tags out, as dockerd: load gives the image untagged", async () => {
  const { app } = testApp();
  await (await call(app, "POST", "/images/create?fromImage=alpine&tag=latest")).text();
  const id = (await (await call(app, "GET", "/images/alpine/json")).json()).Id;
  const archive = new Uint8Array(await (await call(app, "GET", `/images/${id}/get`)).arrayBuffer());
  assertEquals(tarNames(archive).includes("repositories"), false);
  assertEquals(tarNames(archive).includes("manifest.json"), true);
  await (await call(app, "DELETE", "/images/alpine?force=1")).text();
  const loaded = await load(app, archive);
  assertEquals(JSON.parse(await loaded.text()), { stream: `Loaded image ID: ${id}\n` });
  const inspect = await (await call(app, "GET", `/images/${id}/json`)).json();
  assertEquals(inspect.RepoTags, []);
});

Deno.test("a bad archive is refused and leaves no image", async () => {
  const { app } = testApp();
  const before = (await (await call(app, "GET", "/images/json")).json()).length;
  const empty = await load(app, makeTar([{ name: "hello.txt", body: "hi" }]));
  assertEquals(empty.status, 400);
  assertStringIncludes((await empty.json()).message, "manifest.json");
  const config = JSON.stringify({
    rootfs: { type: "layers", diff_ids: [`sha256:${"0".repeat(64)}`] },
  });
  const lying = makeTar([
    { name: "c.json", body: config },
    { name: "l/layer.tar", body: new TextDecoder().decode(makeTar([{ name: "a", body: "a" }])) },
    {
      name: "manifest.json",
      body: JSON.stringify([{ Config: "c.json", RepoTags: ["liar:1"], Layers: ["l/layer.tar"] }]),
    },
  ]);
  const refused = await load(app, lying);
  assertEquals(refused.status, 400);
  assertStringIncludes((await refused.json()).message, "does not match");
  assertEquals((await (await call(app, "GET", "/images/json")).json()).length, before);
});
