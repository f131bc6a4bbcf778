/**
 * The archive endpoints in process: hostile tars stay inside the container, compressed uploads,
 * read-only mounts and rootfs refused as dockerd, and the events an upload emits.
 */
import { assert, assertEquals, assertStringIncludes } from "../../../tests/_helpers/assert.ts";
import { call, testApp } from "../../../tests/_helpers/app.ts";
import { containersApp } from "../../../tests/_helpers/containers_app.ts";
import { makeTar } from "../../../tests/_helpers/tar.ts";

const { app, create } = await containersApp();

Deno.test("a hostile archive cannot reach outside the container", async () => {
  const host = await Deno.makeTempDir();
  const { Id } = await (await create({ Image: "alpine", Cmd: ["true"] })).json();
  const tar = makeTar([
    { name: "../../../../../../" + host.slice(1) + "/escaped.txt", body: "pwned" },
    { name: "link", type: "symlink", linkname: host },
    { name: "link/through.txt", body: "pwned" },
    { name: "/abs.txt", body: "absolute" },
  ]);
  const res = await app.fetch(
    new Request(`http://docker/containers/${Id}/archive?path=/tmp`, { method: "PUT", body: tar }),
  );
  assertStringIncludes((await res.json()).message, "invalid archive: Tar entry escapes");
  const viaLink = makeTar([
    { name: "link", type: "symlink", linkname: host },
    { name: "link/through.txt", body: "pwned" },
    { name: "up", type: "symlink", linkname: "../../../../../../../../" },
    { name: `up/${host.slice(1)}/climbed.txt`, body: "pwned" },
  ]);
  const second = await app.fetch(
    new Request(`http://docker/containers/${Id}/archive?path=/tmp`, {
      method: "PUT",
      body: viaLink,
    }),
  );
  await second.body?.cancel();
  assert(second.status === 200 || second.status === 400, `status ${second.status}`);
  const leftovers = [...Deno.readDirSync(host)].map((e) => e.name);
  assertEquals(leftovers, [], "no host file was touched");
  assertEquals(res.status, 400);
  assertEquals((await call(app, "GET", "/_ping")).status, 200);
  await Deno.remove(host, { recursive: true });
});

Deno.test("PUT archive takes a gzip tar, refuses a non-tar and names an unsupported compression", async () => {
  const { Id } = await (await create({ Image: "alpine", Cmd: ["sleep", "600"] })).json();
  await call(app, "POST", `/containers/${Id}/start`);
  const put = (body: Uint8Array<ArrayBuffer>) =>
    app.fetch(
      new Request(`http://docker/containers/${Id}/archive?path=/tmp`, { method: "PUT", body }),
    );
  const gz = new Uint8Array(
    await new Response(
      new Blob([makeTar([{ name: "g.txt", body: "gzipped\n" }])]).stream().pipeThrough(
        new CompressionStream("gzip"),
      ),
    ).arrayBuffer(),
  );
  assertEquals((await put(gz)).status, 200);
  const got = await call(app, "GET", `/containers/${Id}/archive?path=/tmp/g.txt`);
  assertStringIncludes(new TextDecoder().decode(await got.arrayBuffer()), "gzipped\n");
  const garbage = await put(new TextEncoder().encode("not a tar at all".repeat(64)));
  assertEquals(garbage.status, 400);
  assertStringIncludes((await garbage.json()).message, "invalid tar header");
  const bzip2 = await put(new Uint8Array([0x42, 0x5a, 0x68, 0x39, ...new Array(600).fill(1)]));
  assertEquals(bzip2.status, 501);
  assertStringIncludes((await bzip2.json()).message, "bzip2-compressed archives are not supported");
  await call(app, "DELETE", `/containers/${Id}?force=1`);
});

Deno.test("archive uploads: read-only mounts and rootfs refused as dockerd; events", async () => {
  const own = testApp();
  await (await call(own.app, "POST", "/images/create?fromImage=alpine")).text();
  const dir = await Deno.makeTempDir({ prefix: "sockerless-ro-" });
  try {
    const made = await call(
      own.app,
      "POST",
      "/containers/create?name=rofs",
      JSON.stringify({
        Image: "alpine",
        Cmd: ["true"],
        HostConfig: { Binds: [`${dir}:/ro:ro`], ReadonlyRootfs: true, Tmpfs: { "/scratch": "" } },
      }),
    );
    assertEquals(made.status, 201);
    const put = (path: string) =>
      own.app.fetch(
        new Request(`http://docker/containers/rofs/archive?path=${path}`, {
          method: "PUT",
          body: makeTar([{ name: "f.txt", body: "x" }]),
        }),
      );
    const refused = async (path: string) => {
      const r = await put(path);
      return [r.status, (await r.json()).message];
    };
    assertEquals(await refused("/ro"), [400, "mounted volume is marked read-only"]);
    assertEquals(await refused("/etc"), [400, "container rootfs is marked read-only"]);
    assertEquals((await put("/scratch/")).status, 200);
    const got = await call(own.app, "GET", "/containers/rofs/archive?path=/scratch/f.txt");
    assertEquals(got.status, 200);
    await got.body?.cancel();
    const actions = own.backend.events.history().map((e) => e.Action);
    assertEquals(actions.filter((a) => a.includes("-")), ["extract-to-dir", "archive-path"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
