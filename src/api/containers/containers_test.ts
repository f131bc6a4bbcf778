/**
 * Container handlers in process: every response checked against the spec, and bad input
 * answered with Docker's status and a clear message.
 */
import type { OperationId } from "../../../generated/docker/mod.ts";
import { assert, assertEquals, assertStringIncludes } from "../../../tests/_helpers/assert.ts";
import { call, testApp } from "../../../tests/_helpers/app.ts";
import { containersApp } from "../../../tests/_helpers/containers_app.ts";
import { waitFor } from "../../../tests/_helpers/wait.ts";
import { assertConforms } from "../../../tests/conformance/conform.ts";

const { app, create } = await containersApp();

async function checked(op: OperationId, res: Response) {
  const body = res.headers.get("content-type")?.includes("json")
    ? await res.json()
    : await res.text();
  if (typeof body === "object") assertConforms(op, res.status, body);
  return body;
}

Deno.test("create, start, wait, inspect and list answer what the spec says", async () => {
  const created = await checked(
    "ContainerCreate",
    await create(
      { Image: "alpine", Cmd: ["sh", "-c", "echo hi; exit 2"], Labels: { team: "a" } },
      "spec1",
    ),
  );
  assertEquals(created.Warnings, []);
  const wait = call(app, "POST", `/containers/${created.Id}/wait?condition=next-exit`);
  assertEquals((await call(app, "POST", `/containers/${created.Id}/start`)).status, 204);
  const waited = await (await wait).json();
  assertConforms("ContainerWait", 200, waited);
  assertEquals(waited.StatusCode, 2);
  const inspected = await checked(
    "ContainerInspect",
    await call(app, "GET", `/containers/spec1/json?size=1`),
  );
  assertEquals([inspected.State.Status, inspected.State.ExitCode, inspected.Name], [
    "exited",
    2,
    "/spec1",
  ]);
  assertEquals(inspected.Config.Env, [
    "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
  ]);
  const list = await checked(
    "ContainerList",
    await call(
      app,
      "GET",
      `/containers/json?all=1&filters=${encodeURIComponent('{"label":["team=a"]}')}`,
    ),
  );
  assertEquals(list.map((c: { Names: string[] }) => c.Names[0]), ["/spec1"]);
  assertStringIncludes(list[0].Status, "Exited (2)");
  const logs = await call(app, "GET", `/containers/spec1/logs?stdout=1`);
  assertEquals(new Uint8Array(await logs.arrayBuffer()).slice(8), new TextEncoder().encode("hi\n"));
  // dockerd reads a negative or non-integer tail as "all" (Testcontainers sends tail=-1).
  for (const tail of ["-1", "x", "all"]) {
    const all = await call(app, "GET", `/containers/spec1/logs?stdout=1&tail=${tail}`);
    assertEquals(
      new Uint8Array(await all.arrayBuffer()).slice(8),
      new TextEncoder().encode("hi\n"),
    );
  }
  const none = await call(app, "GET", `/containers/spec1/logs?stdout=1&tail=0`);
  assertEquals((await none.arrayBuffer()).byteLength, 0);
});

Deno.test("exec, top, changes, stats and the archive stat conform", async () => {
  const { Id } = await (await create({ Image: "alpine", Cmd: ["sleep", "600"] }, "spec2")).json();
  await call(app, "POST", `/containers/${Id}/start`);
  const pending = await checked(
    "ContainerExec",
    await call(app, "POST", `/containers/${Id}/exec`, JSON.stringify({ Cmd: ["true"] })),
  );
  // Not started: no exit code yet, and the body still conforms (no `null` integer).
  const before = await checked("ExecInspect", await call(app, "GET", `/exec/${pending.Id}/json`));
  assertEquals([before.Running, "ExitCode" in before], [false, false]);
  const exec = await checked(
    "ContainerExec",
    await call(
      app,
      "POST",
      `/containers/${Id}/exec`,
      JSON.stringify({ Cmd: ["touch", "/made"], AttachStdout: true }),
    ),
  );
  assertEquals(
    (await call(app, "POST", `/exec/${exec.Id}/start`, JSON.stringify({ Detach: true }))).status,
    200,
  );
  const inspected = await waitFor(async () => {
    const body = await checked("ExecInspect", await call(app, "GET", `/exec/${exec.Id}/json`));
    return !body.Running && body;
  }, { message: "the detached exec to end" });
  assertEquals([inspected.Running, inspected.ExitCode], [false, 0]);
  const top = await checked("ContainerTop", await call(app, "GET", `/containers/${Id}/top`));
  assert(top.Processes.some((p: string[]) => p.at(-1) === "sleep 600"), JSON.stringify(top));
  const changes = await checked(
    "ContainerChanges",
    await call(app, "GET", `/containers/${Id}/changes`),
  );
  assertEquals(changes, [{ Path: "/made", Kind: 1 }]);
  const stats = await checked(
    "ContainerStats",
    await call(app, "GET", `/containers/${Id}/stats?stream=0`),
  );
  assert(stats.pids_stats.current >= 1);
  const head = await call(app, "HEAD", `/containers/${Id}/archive?path=/etc`);
  const stat = JSON.parse(atob(head.headers.get("x-docker-container-path-stat")!));
  assertEquals([stat.name, stat.mode >= 2 ** 31], ["etc", true]);
  await call(app, "DELETE", `/containers/${Id}?force=1`);
});

Deno.test("bad input gets Docker's status and a clear message", async () => {
  const cases: [Promise<Response>, number, string][] = [
    [call(app, "POST", "/containers/create", "{nope"), 400, "invalid JSON"],
    [call(app, "POST", "/containers/create", ""), 400, "config cannot be empty"],
    [create({ Image: "no-such-image:v9" }), 404, "No such image: no-such-image:v9"],
    [
      create({ Image: "alpine", HostConfig: { RestartPolicy: { Name: "sometimes" } } }),
      400,
      "invalid restart policy",
    ],
    [
      create({
        Image: "alpine",
        HostConfig: { RestartPolicy: { Name: "always" }, AutoRemove: true },
      }),
      400,
      "AutoRemove",
    ],
    [create({ Image: "alpine" }, "bad/name"), 400, "Invalid container name"],
    [call(app, "GET", "/containers/spec1/logs"), 400, "choose at least one stream"],
    [call(app, "GET", "/containers/nothere/json"), 404, "No such container: nothere"],
    [call(app, "POST", "/containers/nothere/start"), 404, "No such container: nothere"],
    [call(app, "POST", "/containers/spec1/kill"), 409, "is not running"],
    [call(app, "POST", "/exec/nothere/start", "{}"), 404, "No such exec instance"],
  ];
  for (const [pending, status, message] of cases) {
    const res = await pending;
    const body = await res.json();
    assertEquals(res.status, status, body.message);
    assertStringIncludes(body.message, message);
  }
  assertEquals((await create({ Image: "alpine" }, "spec1")).status, 409);
  assertEquals((await call(app, "GET", "/_ping")).status, 200, "the daemon keeps serving");
});

Deno.test("an ambiguous id prefix is a 400", async () => {
  const ids = [];
  for (let i = 0; i < 40; i++) {
    ids.push((await (await create({ Image: "alpine" })).json()).Id as string);
  }
  const first = ids[0][0];
  const clash = ids.filter((id) => id[0] === first).length > 1;
  const res = await call(app, "GET", `/containers/${first}/json`);
  await res.body?.cancel();
  assertEquals(res.status, clash ? 400 : 200);
  for (const id of ids) await call(app, "DELETE", `/containers/${id}`);
});

Deno.test("state machine: start running → 304, stop stopped → 304, rm running → 409", async () => {
  const { Id } = await (await create({ Image: "alpine", Cmd: ["sleep", "600"] })).json();
  assertEquals((await call(app, "POST", `/containers/${Id}/start`)).status, 204);
  assertEquals((await call(app, "POST", `/containers/${Id}/start`)).status, 304);
  const busy = await call(app, "DELETE", `/containers/${Id}`);
  assertEquals(busy.status, 409);
  assertStringIncludes((await busy.json()).message, "container is running");
  assertEquals((await call(app, "POST", `/containers/${Id}/stop?t=0`)).status, 204);
  assertEquals((await call(app, "POST", `/containers/${Id}/stop`)).status, 304);
  const waited = await (await call(app, "POST", `/containers/${Id}/wait?condition=not-running`))
    .json();
  assertEquals(waited.StatusCode, 143);
  assertEquals((await call(app, "DELETE", `/containers/${Id}`)).status, 204);
});

Deno.test("restart of an --rm container keeps it; concurrent starts run once; stop events in order", async () => {
  const { app, backend } = testApp();
  await (await call(app, "POST", "/images/create?fromImage=alpine")).text();
  const made = await call(
    app,
    "POST",
    "/containers/create",
    JSON.stringify({ Image: "alpine", Cmd: ["sleep", "600"], HostConfig: { AutoRemove: true } }),
  );
  const { Id } = await made.json();
  const starts = await Promise.all([1, 2].map(() => call(app, "POST", `/containers/${Id}/start`)));
  assertEquals(starts.map((r) => r.status).sort(), [204, 304]);
  const seen: string[] = [];
  backend.events.subscribe((e) => e.Actor.ID === Id && seen.push(e.Action));
  assertEquals((await call(app, "POST", `/containers/${Id}/restart?t=0`)).status, 204);
  const inspected = await (await call(app, "GET", `/containers/${Id}/json`)).json();
  assertEquals([inspected.State.Running, inspected.Id], [true, Id]);
  const actions = seen.filter((a) => ["kill", "die", "stop", "start", "restart"].includes(a));
  assertEquals(actions, ["kill", "die", "stop", "start", "restart"]);
  await call(app, "DELETE", `/containers/${Id}?force=1`);
});

Deno.test("size=1: SizeRw is the writable layer's bytes, SizeRootFs adds the image's", async () => {
  const image = await (await call(app, "GET", "/images/alpine/json")).json();
  const made = await checked(
    "ContainerCreate",
    await create({ Image: "alpine", Cmd: ["sh", "-c", "printf 12345 > /five"] }, "sized"),
  );
  const wait = call(app, "POST", `/containers/${made.Id}/wait?condition=next-exit`);
  assertEquals((await call(app, "POST", `/containers/${made.Id}/start`)).status, 204);
  assertEquals((await (await wait).json()).StatusCode, 0);
  const filter = encodeURIComponent('{"name":["sized"]}');
  const [row] = await checked(
    "ContainerList",
    await call(app, "GET", `/containers/json?all=1&size=1&filters=${filter}`),
  );
  assertEquals([row.SizeRw, row.SizeRootFs], [5, image.Size + 5]);
  const inspected = await checked(
    "ContainerInspect",
    await call(app, "GET", "/containers/sized/json?size=1"),
  );
  assertEquals([inspected.SizeRw, inspected.SizeRootFs], [5, image.Size + 5]);
  assertEquals((await call(app, "DELETE", "/containers/sized")).status, 204);
});

Deno.test("the attach event carries the container's labels, as every container event", async () => {
  const own = testApp();
  await (await call(own.app, "POST", "/images/create?fromImage=alpine")).text();
  const made = await call(
    own.app,
    "POST",
    "/containers/create",
    JSON.stringify({ Image: "alpine", Cmd: ["sleep", "600"], Labels: { k: "v" } }),
  );
  const { Id } = await made.json();
  await (await call(own.app, "POST", `/containers/${Id}/start`)).text();
  const seen: Record<string, string>[] = [];
  const stop = own.backend.events.subscribe((e) => {
    if (e.Action === "attach") seen.push(e.Actor.Attributes);
  });
  const options = { stream: true, stdout: true, stderr: true, stdin: false, logs: false };
  const session = await own.backend.streams.attach(Id, options, new AbortController().signal);
  session.close();
  stop();
  assertEquals(seen, [{ k: "v", image: "alpine", name: seen[0]?.name ?? "" }]);
  await (await call(own.app, "DELETE", `/containers/${Id}?force=1`)).text();
});

Deno.test("a running container lists its exposed ports; the expose filter selects them", async () => {
  const made = await checked(
    "ContainerCreate",
    await create(
      { Image: "alpine", Cmd: ["sleep", "600"], ExposedPorts: { "9000/tcp": {}, "53/udp": {} } },
      "exposing",
    ),
  );
  const list = async (filter: string) => {
    const f = encodeURIComponent(JSON.stringify({ name: ["exposing"], ...JSON.parse(filter) }));
    return await checked("ContainerList", await call(app, "GET", `/containers/json?filters=${f}`));
  };
  assertEquals(await list("{}"), [], "not running: not listed");
  assertEquals((await call(app, "POST", `/containers/${made.Id}/start`)).status, 204);
  const [row] = await list("{}");
  assertEquals(row.Ports, [{ PrivatePort: 53, Type: "udp" }, { PrivatePort: 9000, Type: "tcp" }]);
  for (const [value, hits] of [["9000", 1], ["8000-9000/tcp", 1], ["53", 0], ["53/udp", 1]]) {
    assertEquals((await list(`{"expose":["${value}"]}`)).length, hits, String(value));
  }
  assertEquals((await list('{"publish":["9000"]}')).length, 0);
  const bad = await call(
    app,
    "GET",
    `/containers/json?filters=${encodeURIComponent('{"expose":["1:2"]}')}`,
  );
  assertEquals([bad.status, (await bad.json()).message], [
    400,
    "filter for 'expose' should not contain ':': 1:2",
  ]);
  const inspected = await checked(
    "ContainerInspect",
    await call(app, "GET", "/containers/exposing/json"),
  );
  assertEquals(inspected.NetworkSettings.Ports, { "53/udp": null, "9000/tcp": null });
  assertEquals((await call(app, "DELETE", "/containers/exposing?force=1")).status, 204);
});

Deno.test("rename to the current name is dockerd's 400 and the container stays", async () => {
  await checked("ContainerCreate", await create({ Image: "alpine", Cmd: ["true"] }, "samename"));
  const r = await call(app, "POST", "/containers/samename/rename?name=samename");
  assertEquals([r.status, (await r.json()).message], [
    400,
    "Renaming a container with the same name as its current name",
  ]);
  assertEquals((await call(app, "DELETE", "/containers/samename")).status, 204);
});
