/**
 * Image handlers in process: catalogue pull, tag, list filters, inspect, history, remove with
 * dockerd's conflicts, prune, search (501); every JSON answer checked against the spec.
 */
import type { OperationId } from "../../../generated/docker/mod.ts";
import { assert, assertEquals, assertStringIncludes } from "../../../tests/_helpers/assert.ts";
import { call, testApp } from "../../../tests/_helpers/app.ts";
import { assertConforms } from "../../../tests/conformance/conform.ts";

async function checked(op: OperationId, res: Response) {
  const text = await res.text();
  const body = text && res.headers.get("content-type")?.includes("json") ? JSON.parse(text) : text;
  if (typeof body === "object") assertConforms(op, res.status, body);
  return body;
}

function fresh() {
  const { app } = testApp();
  return {
    app,
    /** Pulls `image:latest` the way the docker CLI does (a bare name would pull every tag). */
    async pull(image: string) {
      const res = await call(app, "POST", `/images/create?fromImage=${image}&tag=latest`);
      return {
        status: res.status,
        lines: (await res.text()).trim().split("\n").map((l) => JSON.parse(l)),
      };
    },
    send: (method: string, path: string, body?: string) => call(app, method, path, body),
  };
}

Deno.test("pull from the catalogue streams Docker's progress and stores a real config digest", async () => {
  const t = fresh();
  const first = await t.pull("alpine");
  assertEquals(first.status, 200);
  assertEquals(first.lines[0], { status: "Pulling from library/alpine", id: "latest" });
  assertEquals(first.lines.at(-1), { status: "Status: Downloaded newer image for alpine:latest" });
  const again = await t.pull("alpine");
  assertEquals(again.lines.at(-1), { status: "Status: Image is up to date for alpine:latest" });
  const inspect = await checked("ImageInspect", await t.send("GET", "/images/alpine/json"));
  assertEquals(inspect.RepoTags, ["alpine:latest"]);
  assertEquals(inspect.Config.Cmd, ["/bin/sh"]);
  assertEquals(inspect.RootFS.Layers.length, 1);
  const unknown = await t.send("POST", "/images/create?fromImage=no-such-image-here");
  assertEquals(unknown.status, 404);
  assertStringIncludes((await checked("ImageCreate", unknown)).message, "pull access denied");
  const bad = await t.send("POST", "/images/create?fromImage=UPPER");
  assertEquals(bad.status, 400);
});

Deno.test("tag, list filters, history", async () => {
  const t = fresh();
  await t.pull("alpine");
  await t.pull("busybox");
  assertEquals((await t.send("POST", "/images/alpine/tag?repo=team/app&tag=v1")).status, 201);
  const missing = await t.send("POST", "/images/nope/tag?repo=x");
  assertEquals(missing.status, 404);
  assertEquals((await checked("ImageTag", missing)).message, "No such image: nope:latest");
  const list = async (filters = "") =>
    await checked(
      "ImageList",
      await t.send(
        "GET",
        `/images/json${filters ? `?filters=${encodeURIComponent(filters)}` : ""}`,
      ),
    ) as { RepoTags: string[]; RepoDigests: string[]; Containers: number }[];
  assertEquals((await list()).length, 2);
  const alpine = await list('{"reference":["team/*"]}');
  assertEquals(alpine.map((i) => i.RepoTags), [["team/app:v1"]], "only matching tags shown");
  assertEquals(alpine.map((i) => i.RepoDigests), [[]], "and only matching digests");
  const byRepo = (await list('{"reference":["alpine"]}'))[0];
  assertEquals(byRepo.RepoDigests.map((d) => d.split("@")[0]), ["alpine"]);
  const old = await (await t.send("GET", "/v1.50/images/json")).json();
  assertEquals(old.map((i: { Containers: number }) => i.Containers), [-1, -1], "uncounted < 1.51");
  assertEquals((await t.send("POST", "/images/busybox/tag?repo=scratch&tag=1")).status, 201);
  assertEquals((await list('{"reference":["scratch"]}'))[0].RepoTags, ["scratch:1"]);
  assertEquals((await list('{"reference":["nothing"]}')).length, 0);
  assertEquals((await list('{"reference":["busybox:latest"]}')).length, 1);
  assertEquals((await list('{"dangling":["true"]}')).length, 0);
  assertEquals((await list('{"label":["nope"]}')).length, 0);
  assertEquals(
    (await t.send("GET", `/images/json?filters=${encodeURIComponent('{"bogus":["x"]}')}`)).status,
    400,
  );
  const history = await checked("ImageHistory", await t.send("GET", "/images/team/app:v1/history"));
  assertEquals(history[0].Tags.sort(), ["alpine:latest", "team/app:v1"]);
  assertEquals(history.at(-1).Id, "<missing>");
  assert(history.some((h: { Size: number }) => h.Size > 0));
});

Deno.test("remove: untag, delete, conflicts with containers, prune", async () => {
  const t = fresh();
  await t.pull("alpine");
  await t.send("POST", "/images/alpine/tag?repo=second");
  const id = (await checked("ImageInspect", await t.send("GET", "/images/alpine/json"))).Id;
  const byId = await t.send("DELETE", `/images/${id.slice(7, 19)}`);
  assertEquals(byId.status, 409);
  assertStringIncludes(
    (await checked("ImageDelete", byId)).message,
    "referenced in multiple repositories",
  );
  assertEquals(await checked("ImageDelete", await t.send("DELETE", "/images/second")), [
    { Untagged: "second:latest" },
  ]);
  const created = await t.send(
    "POST",
    "/containers/create",
    JSON.stringify({ Image: "alpine", Cmd: ["sleep", "30"] }),
  );
  const cid = (await created.json()).Id as string;
  const stopped = await t.send("DELETE", `/images/${id}`);
  assertEquals(stopped.status, 409);
  assertEquals(
    (await checked("ImageDelete", stopped)).message,
    `conflict: unable to delete ${
      id.slice(7, 19)
    } (must be forced) - image is being used by stopped container ${cid.slice(0, 12)}`,
  );
  const byName = await t.send("DELETE", "/images/alpine");
  assertEquals(byName.status, 409);
  assertStringIncludes((await checked("ImageDelete", byName)).message, "(must force) - container");
  await t.send("POST", `/containers/${cid}/start`);
  const running = await t.send("DELETE", `/images/${id}?force=1`);
  assertEquals(running.status, 409);
  assertStringIncludes(
    (await checked("ImageDelete", running)).message,
    "(cannot be forced) - image is being used by running container",
  );
  await t.send("DELETE", `/containers/${cid}?force=1`);
  // until keeps what was created at or after it: the catalogue's alpine is younger than 2000.
  const untilFilter = encodeURIComponent('{"until":["2000-01-01T00:00:00Z"],"dangling":["false"]}');
  const kept = await checked(
    "ImagePrune",
    await t.send("POST", `/images/prune?filters=${untilFilter}`),
  );
  assertEquals(kept, { ImagesDeleted: [], SpaceReclaimed: 0 });
  const badUntil = await t.send(
    "POST",
    `/images/prune?filters=${encodeURIComponent('{"until":["soon"]}')}`,
  );
  assertEquals(badUntil.status, 400);
  assertEquals((await badUntil.json()).message, "invalid filter 'until=soon'");
  const pruneNone = await checked("ImagePrune", await t.send("POST", "/images/prune"));
  assertEquals(pruneNone, { ImagesDeleted: [], SpaceReclaimed: 0 });
  const pruneAll = await checked(
    "ImagePrune",
    await t.send(
      "POST",
      `/images/prune?filters=${encodeURIComponent('{"dangling":["false"],"until":["1s"]}')}`,
    ),
  );
  assertEquals(pruneAll.ImagesDeleted.at(-1), { Deleted: id });
  assert(pruneAll.SpaceReclaimed > 0);
  assertEquals((await checked("ImageList", await t.send("GET", "/images/json"))).length, 0);
  const gone = await t.send("DELETE", "/images/alpine");
  assertEquals(gone.status, 404);
  assertEquals((await checked("ImageDelete", gone)).message, "No such image: alpine:latest");
});

Deno.test("a pull without a tag pulls every tag; with a tag, only that one", async () => {
  const t = fresh();
  const res = await t.send("POST", "/images/create?fromImage=busybox");
  const lines = (await res.text()).trim().split("\n").map((l) => JSON.parse(l));
  assertEquals(
    lines.filter((l) => l.status.startsWith("Pulling from")).map((l) => l.id),
    ["latest", "1", "1.36"],
  );
  const tags = (await checked("ImageList", await t.send("GET", "/images/json")))
    .flatMap((i: { RepoTags: string[] }) => i.RepoTags).sort();
  assertEquals(tags, ["busybox:1", "busybox:1.36", "busybox:latest"]);
  await (await t.send("POST", "/images/create?fromImage=alpine&tag=3")).text();
  await (await t.send("POST", "/images/create?fromImage=debian:12")).text();
  const more = (await checked("ImageList", await t.send("GET", "/images/json")))
    .flatMap((i: { RepoTags: string[] }) => i.RepoTags).sort();
  assertEquals(more, ["alpine:3", "busybox:1", "busybox:1.36", "busybox:latest", "debian:12"]);
});

Deno.test("search answers 501 with a reason; push of a missing image is 404", async () => {
  const t = fresh();
  const search = await t.send("GET", "/images/search?term=alpine");
  assertEquals(search.status, 501);
  assertStringIncludes((await search.json()).message, "not implemented");
  const push = await t.send("POST", "/images/127.0.0.1:1/none/push?tag=v1");
  assertEquals(push.status, 404);
  assertEquals(
    (await checked("ImagePush", push)).message,
    "An image does not exist locally with the tag: 127.0.0.1:1/none",
  );
});

Deno.test("image events: pull, tag, untag, delete", async () => {
  const { app, backend } = testApp();
  const seen: string[] = [];
  const stop = backend.events.subscribe((e) => {
    if (e.Type === "image") seen.push(`${e.Action} ${e.Actor.Attributes.name}`);
  });
  await (await call(app, "POST", "/images/create?fromImage=alpine&tag=latest")).text();
  await (await call(app, "POST", "/images/alpine/tag?repo=mine&tag=2")).text();
  await (await call(app, "DELETE", "/images/mine:2")).text();
  const id = (await (await call(app, "GET", "/images/alpine/json")).json()).Id;
  await (await call(app, "DELETE", "/images/alpine")).text();
  stop();
  assertEquals(seen, [
    "pull alpine:latest",
    "tag mine:2",
    "untag mine:2",
    "untag alpine:latest",
    `delete ${id}`,
  ]);
});

Deno.test("commit: the container's changes and --change instructions make a new image", async () => {
  const t = fresh();
  await t.pull("alpine");
  const run = async (image: string, cmd: string[]) => {
    const res = await t.send(
      "POST",
      "/containers/create",
      JSON.stringify({ Image: image, Cmd: cmd }),
    );
    const id = (await res.json()).Id as string;
    await (await t.send("POST", `/containers/${id}/start`)).text();
    const wait = await (await t.send("POST", `/containers/${id}/wait`)).json();
    return { id, code: wait.StatusCode as number };
  };
  const base = await run("alpine", [
    "sh",
    "-c",
    "mkdir -p /app && echo hi > /app/greeting && rm /etc/os-release",
  ]);
  assertEquals(base.code, 0);
  const changes = ['CMD ["cat", "/app/greeting"]', "ENV MODE=committed", "LABEL team=a"]
    .map((c) => `changes=${encodeURIComponent(c)}`).join("&");
  const res = await t.send(
    "POST",
    `/commit?container=${base.id}&repo=snap&tag=1&comment=first&author=me&${changes}`,
    "{}",
  );
  assertEquals(res.status, 201);
  const id = (await checked("ImageCommit", res)).Id;
  const inspect = await checked("ImageInspect", await t.send("GET", "/images/snap:1/json"));
  assertEquals([inspect.Id, inspect.Comment, inspect.Author], [id, "first", "me"]);
  assertEquals(inspect.Config.Cmd, ["cat", "/app/greeting"]);
  assert(inspect.Config.Env.includes("MODE=committed"));
  assertEquals(inspect.Config.Labels, { team: "a" });
  assertEquals(inspect.RootFS.Layers.length, 2);
  assertEquals(
    (await run("snap:1", ["sh", "-c", "cat /app/greeting && test ! -e /etc/os-release"])).code,
    0,
  );
  const history = await checked("ImageHistory", await t.send("GET", "/images/snap:1/history"));
  assertEquals(history[0].Comment, "first");
  const bad = await t.send("POST", `/commit?container=${base.id}&changes=FROM%20x`, "{}");
  assertEquals(bad.status, 400);
  const missing = await t.send("POST", "/commit?container=nope", "{}");
  assertEquals(missing.status, 404);
});
