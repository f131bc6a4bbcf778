/**
 * Volume handlers in process: every JSON response checked against the spec, dockerd's errors
 * for bad input, volumes of containers (named, anonymous, in use) and disk usage.
 */
import { assert, assertEquals, assertStringIncludes } from "../../../tests/_helpers/assert.ts";
import { call, testApp } from "../../../tests/_helpers/app.ts";
import { checkedJson as checked } from "../../../tests/_helpers/checked.ts";
import { assertConforms } from "../../../tests/conformance/conform.ts";

const { app, backend } = testApp();

function post(path: string, body?: unknown) {
  return call(app, "POST", path, body === undefined ? undefined : JSON.stringify(body));
}

const filters = (f: Record<string, string[]>) => encodeURIComponent(JSON.stringify(f));

await (await post("/images/create?fromImage=alpine&tag=latest")).text();

Deno.test("create, inspect, list with filters and remove a volume", async () => {
  const created = await checked(
    "VolumeCreate",
    await post("/volumes/create", {
      Name: "vol1",
      Labels: { team: "a" },
      DriverOpts: { type: "tmpfs", device: "tmpfs" },
    }),
    201,
  );
  assertEquals([created.Name, created.Driver, created.Scope], ["vol1", "local", "local"]);
  assertEquals([created.Labels, created.Options], [{ team: "a" }, {
    type: "tmpfs",
    device: "tmpfs",
  }]);
  assert((await Deno.stat(created.Mountpoint)).isDirectory, "the mountpoint is a real directory");
  assert(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(created.CreatedAt), created.CreatedAt);
  const again = await checked("VolumeCreate", await post("/volumes/create", { Name: "vol1" }), 201);
  assertEquals(again.Labels, { team: "a" }, "creating an existing name answers that volume");
  const inspected = await checked("VolumeInspect", await call(app, "GET", "/volumes/vol1"), 200);
  assertEquals(inspected, created);
  await checked("VolumeCreate", await post("/volumes/create", { Name: "vol2" }), 201);
  const byLabel = await checked(
    "VolumeList",
    await call(app, "GET", `/volumes?filters=${filters({ label: ["team=a"] })}`),
    200,
  );
  assertEquals(byLabel.Volumes.map((v: { Name: string }) => v.Name), ["vol1"]);
  const byName = await checked(
    "VolumeList",
    await call(app, "GET", `/volumes?filters=${filters({ name: ["vol2"], driver: ["local"] })}`),
    200,
  );
  assertEquals(byName.Volumes.map((v: { Name: string }) => v.Name), ["vol2"]);
  const none = await checked(
    "VolumeList",
    await call(app, "GET", `/volumes?filters=${filters({ driver: ["nfs"] })}`),
    200,
  );
  assertEquals(none, { Volumes: [], Warnings: [] });
  assertEquals((await call(app, "DELETE", "/volumes/vol2")).status, 204);
  assertEquals((await call(app, "DELETE", "/volumes/vol1")).status, 204);
  assertEquals(await Deno.stat(created.Mountpoint).catch(() => null), null, "directory gone");
});

Deno.test("bad input: unknown volume, unknown driver, invalid or too long name, bad filter", async () => {
  const missing = await checked("VolumeInspect", await call(app, "GET", "/volumes/nope"), 404);
  assertEquals(missing.message, "get nope: no such volume");
  const del = await call(app, "DELETE", "/volumes/nope");
  assertEquals([del.status, (await del.json()).message], [404, "get nope: no such volume"]);
  const driver = await post("/volumes/create", { Name: "x1", Driver: "nfs" });
  assertEquals(driver.status, 404);
  assertStringIncludes((await driver.json()).message, `plugin "nfs" not found`);
  const bad = await post("/volumes/create", { Name: "a/b" });
  assertEquals(bad.status, 400);
  assertStringIncludes(
    (await bad.json()).message,
    "includes invalid characters for a local volume",
  );
  const long = await post("/volumes/create", { Name: "a".repeat(5_000_000) });
  const longMessage = (await long.json()).message as string;
  assertEquals(long.status, 400, "a name no folder can have is the client's mistake");
  assertEquals(
    longMessage,
    `create ${
      "a".repeat(32)
    }…: a local volume name is at most 255 characters (this one has 5000000)`,
  );
  const filter = await call(app, "GET", `/volumes?filters=${filters({ colour: ["red"] })}`);
  assertEquals([filter.status, (await filter.json()).message], [400, "invalid filter 'colour'"]);
  const dangling = await call(app, "GET", `/volumes?filters=${filters({ dangling: ["maybe"] })}`);
  assertEquals(dangling.status, 400);
  await dangling.body?.cancel();
  const update = await call(app, "PUT", "/volumes/x1?version=1", "{}");
  assertEquals(update.status, 501, "VolumeUpdate is swarm-only");
  await update.body?.cancel();
});

Deno.test("containers use volumes: named ones are created, in-use ones refuse removal", async () => {
  const created = await post("/containers/create?name=vuser", {
    Image: "alpine",
    Cmd: ["sh", "-c", "echo kept > /data/f"],
    Volumes: { "/anon": {} },
    HostConfig: {
      Binds: ["named1:/data"],
      Mounts: [{ Type: "volume", Target: "/scratch" }],
    },
  });
  const { Id } = await created.json();
  assertEquals(created.status, 201);
  const inspected = await (await call(app, "GET", "/containers/vuser/json")).json();
  const mounts = inspected.Mounts as { Name: string; Driver: string; Destination: string }[];
  assertEquals(mounts.map((m) => [m.Destination, m.Driver]), [
    ["/data", "local"],
    ["/scratch", "local"],
    ["/anon", "local"],
  ]);
  assertEquals(mounts[0].Name, "named1");
  const list = await checked("VolumeList", await call(app, "GET", "/volumes"), 200);
  const byName = new Map(
    list.Volumes.map((v: { Name: string; Labels: object }) => [v.Name, v.Labels]),
  );
  assertEquals(byName.get("named1"), {}, "a named volume has no labels");
  assertEquals(byName.get(mounts[1].Name), { "com.docker.volume.anonymous": "" });
  const inUse = await call(app, "DELETE", "/volumes/named1");
  assertEquals(await inUse.json(), { message: `remove named1: volume is in use - [${Id}]` });
  assertEquals(inUse.status, 409);
  const dangling = await checked(
    "VolumeList",
    await call(app, "GET", `/volumes?filters=${filters({ dangling: ["true"] })}`),
    200,
  );
  assert(!dangling.Volumes.some((v: { Name: string }) => v.Name === "named1"));
  await post(`/containers/${Id}/start`);
  await (await post(`/containers/${Id}/wait`)).text();
  const df = await call(app, "GET", "/v1.52/system/df?type=volume&verbose=1");
  const usage = (await df.json()).VolumeUsage;
  assertConforms("SystemDataUsage", 200, { VolumeUsage: usage });
  assertEquals([usage.TotalCount, usage.ActiveCount, usage.TotalSize], [3, 3, 5]);
  const legacy = await (await call(app, "GET", "/v1.50/system/df?type=volume")).json();
  const named = legacy.Volumes.find((v: { Name: string }) => v.Name === "named1");
  assertEquals(named.UsageData, { Size: 5, RefCount: 1 });
  assertEquals((await call(app, "DELETE", `/containers/${Id}?v=1`)).status, 204);
  const after = await checked("VolumeList", await call(app, "GET", "/volumes"), 200);
  assertEquals(
    after.Volumes.map((v: { Name: string }) => v.Name).filter((n: string) => n !== "named1"),
    [],
    "rm -v removed the anonymous volumes and kept the named one",
  );
  assertEquals((await call(app, "DELETE", "/volumes/named1")).status, 204);
});

Deno.test("force removes an in-use volume; prune removes unused anonymous ones", async () => {
  const c = await (await post("/containers/create?name=forced", {
    Image: "alpine",
    Cmd: ["true"],
    Volumes: { "/a": {} },
    HostConfig: { Binds: ["keepme:/k"] },
  })).json();
  assertEquals((await call(app, "DELETE", "/volumes/keepme?force=1")).status, 204);
  await (await post("/volumes/create", { Name: "unused1" })).json();
  assertEquals((await call(app, "DELETE", `/containers/${c.Id}`)).status, 204);
  const pruned = await checked("VolumePrune", await post("/volumes/prune"), 200);
  assertEquals(pruned.VolumesDeleted.length, 1, "only the anonymous volume (API >= 1.42)");
  assert(pruned.VolumesDeleted[0] !== "unused1");
  const all = await checked(
    "VolumePrune",
    await post(`/volumes/prune?filters=${filters({ all: ["true"] })}`),
    200,
  );
  assertEquals(all.VolumesDeleted, ["unused1"]);
  await (await post("/volumes/create", { Name: "old1" })).json();
  const legacy = await checked("VolumePrune", await post("/v1.41/volumes/prune"), 200);
  assertEquals(legacy.VolumesDeleted, ["old1"], "API 1.41 prunes named volumes too");
});

Deno.test("volume events: create, mount, unmount, destroy", async () => {
  const since = Date.now();
  await (await post("/volumes/create", { Name: "evvol" })).json();
  const c = await (await post("/containers/create", {
    Image: "alpine",
    Cmd: ["true"],
    HostConfig: { Binds: ["evvol:/e"] },
  })).json();
  await post(`/containers/${c.Id}/start`);
  await (await post(`/containers/${c.Id}/wait`)).text();
  await call(app, "DELETE", `/containers/${c.Id}`);
  await call(app, "DELETE", "/volumes/evvol");
  const events = backend.events.history().filter((e) =>
    e.Type === "volume" && e.Actor.ID === "evvol" && e.time * 1000 >= since - 1000
  );
  assertEquals(events.map((e) => e.Action), ["create", "mount", "unmount", "destroy"]);
  assertEquals(events[1].Actor.Attributes.container, c.Id);
  assertEquals(events[1].Actor.Attributes.destination, "/e");
  assertEquals(events[0].Actor.Attributes.driver, "local");
});

Deno.test("an empty volume gets a copy of the image's content at its path, unless nocopy", async () => {
  const created = await post("/containers/create?name=copier", {
    Image: "alpine",
    Cmd: ["true"],
    HostConfig: { Binds: ["etccopy:/etc", "etcnocopy:/opt/etc:nocopy"] },
  });
  assertEquals(created.status, 201);
  const copied = await checked("VolumeInspect", await call(app, "GET", "/volumes/etccopy"), 200);
  assert((await Deno.stat(`${copied.Mountpoint}/passwd`)).isFile, "passwd was copied up");
  await Deno.writeTextFile(`${copied.Mountpoint}/marker`, "x");
  const untouched = await checked(
    "VolumeInspect",
    await call(app, "GET", "/volumes/etcnocopy"),
    200,
  );
  assertEquals([...Deno.readDirSync(untouched.Mountpoint)], []);
  const second = await post("/containers/create?name=copier2", {
    Image: "alpine",
    Cmd: ["true"],
    HostConfig: { Binds: ["etccopy:/etc"] },
  });
  assertEquals(second.status, 201);
  assertEquals(
    await Deno.readTextFile(`${copied.Mountpoint}/marker`),
    "x",
    "a volume with content is used as it is",
  );
  for (const name of ["copier", "copier2"]) await call(app, "DELETE", `/containers/${name}`);
  for (const name of ["etccopy", "etcnocopy"]) await call(app, "DELETE", `/volumes/${name}`);
});

Deno.test("a bind volume (type=none, o=bind) mounts its host directory and keeps it on rm", async () => {
  const device = await Deno.makeTempDir({ prefix: "sockerless-bindvol-" });
  try {
    const opts = { type: "none", o: "bind", device };
    const v = await checked(
      "VolumeCreate",
      await post("/volumes/create", { Name: "bound", DriverOpts: opts }),
      201,
    );
    assertEquals(v.Mountpoint, device);
    const made = await post("/containers/create", {
      Image: "alpine",
      Cmd: ["sh", "-c", "echo via-volume > /data/f"],
      HostConfig: { Binds: ["bound:/data"] },
    });
    const { Id } = await made.json();
    const wait = call(app, "POST", `/containers/${Id}/wait?condition=next-exit`);
    await (await post(`/containers/${Id}/start`)).text();
    assertEquals((await (await wait).json()).StatusCode, 0);
    assertEquals(await Deno.readTextFile(`${device}/f`), "via-volume\n");
    assertEquals((await call(app, "DELETE", `/containers/${Id}`)).status, 204);
    assertEquals((await call(app, "DELETE", "/volumes/bound")).status, 204);
    assertEquals(await Deno.readTextFile(`${device}/f`), "via-volume\n", "the device stays");
    const nfs = await post("/volumes/create", {
      Name: "n",
      DriverOpts: { type: "nfs", o: "addr=1.2.3.4", device: ":/x" },
    });
    assertEquals(nfs.status, 501);
    await nfs.body?.cancel();
  } finally {
    await Deno.remove(device, { recursive: true });
  }
});
