import type { OperationId } from "../../generated/docker/mod.ts";
import { operations } from "../../generated/docker/mod.ts";
import { assert, assertEquals, assertStringIncludes } from "../../tests/_helpers/assert.ts";
import { call, testApp } from "../../tests/_helpers/app.ts";
import { assertConforms } from "../../tests/conformance/conform.ts";
import { handlers } from "../api/mod.ts";
import { App } from "./app.ts";

const { app } = testApp({ maxJsonBody: 1024 });

async function jsonOf(op: OperationId, res: Response) {
  const body = await res.json();
  assertConforms(op, res.status, body);
  return body;
}

Deno.test("every response carries dockerd's headers", async () => {
  for (const path of ["/_ping", "/v1.50/version", "/nope", "/v1.99/info"]) {
    const res = await call(app, "GET", path);
    await res.body?.cancel();
    assertEquals(res.headers.get("api-version"), "1.52", path);
    assertEquals(res.headers.get("server"), "Sockerless/0.1.0 (linux)", path);
    assertEquals(res.headers.get("docker-experimental"), "false", path);
    assertEquals(res.headers.get("ostype"), "linux", path);
  }
});

Deno.test("GET and HEAD /_ping answer OK with builder version 1", async () => {
  const get = await call(app, "GET", "/_ping");
  assertEquals([get.status, await get.text()], [200, "OK"]);
  assertEquals(get.headers.get("builder-version"), "1");
  const head = await call(app, "HEAD", "/v1.44/_ping");
  assertEquals([head.status, await head.text()], [200, ""]);
});

Deno.test("/version names Sockerless, the backend and the API range", async () => {
  const body = await jsonOf("SystemVersion", await call(app, "GET", "/v1.50/version"));
  assertEquals(body.Platform.Name, "Sockerless (memory backend)");
  assertEquals([body.ApiVersion, body.MinAPIVersion, body.Os], ["1.52", "1.24", "linux"]);
  assertEquals(body.Components[1], {
    Name: "Backend",
    Version: "memory",
    Details: { Driver: "memory" },
  });
});

Deno.test("/info reports live host and backend values", async () => {
  const body = await jsonOf("SystemInfo", await call(app, "GET", "/info"));
  assertEquals(body.NCPU, navigator.hardwareConcurrency);
  assertEquals(body.MemTotal, Deno.systemMemoryInfo().total);
  assertEquals([body.Containers, body.Images, body.Driver], [0, 0, "memory"]);
  assertEquals(body.OSType, "linux");
});

Deno.test("/system/df answers the shape of the negotiated version", async () => {
  const modern = await jsonOf("SystemDataUsage", await call(app, "GET", "/system/df"));
  assertEquals(modern.ImageUsage, { ActiveCount: 0, TotalCount: 0, Reclaimable: 0, TotalSize: 0 });
  const legacy = await jsonOf("SystemDataUsage", await call(app, "GET", "/v1.50/system/df"));
  assertEquals(legacy, { LayersSize: 0, Images: [], Containers: [], Volumes: [], BuildCache: [] });
  const some = await jsonOf(
    "SystemDataUsage",
    await call(app, "GET", "/system/df?type=volume&verbose=1"),
  );
  assertEquals(Object.keys(some), ["VolumeUsage"]);
  assertEquals(some.VolumeUsage.Items, []);
});

Deno.test("an unimplemented operation answers 501 naming it", async () => {
  const res = await call(app, "POST", "/v1.50/swarm/init", JSON.stringify({}));
  assertEquals(res.status, 501);
  assertEquals(await res.json(), { message: "SwarmInit is not implemented by the memory backend" });
});

/** A concrete path for the operation, with its required query parameters. */
function examplePath(op: (typeof operations)[number]): string {
  const path = op.path.replace(/\{[^}]+\}/g, "x1");
  const required = op.parameters.filter((p) => p.in === "query" && p.required);
  const query = required.map((p) => `${p.name}=${p.type === "integer" ? 1 : "x"}`).join("&");
  return query ? `${path}?${query}` : path;
}

Deno.test("every spec operation is routed: 501 or implemented, never 'page not found'", async () => {
  for (const op of operations) {
    const res = await call(app, op.method, examplePath(op));
    // Streams (events) never end: only fixed-length answers are read.
    const text = res.headers.has("content-length") ? await res.text() : "";
    if (!res.headers.has("content-length")) await res.body?.cancel();
    assert(!text.includes("page not found"), `${op.operationId} was not routed`);
    if (!app.implements(op.operationId)) assertEquals(res.status, 501, op.operationId);
  }
});

Deno.test("an unknown path answers 404 page not found", async () => {
  const res = await call(app, "GET", "/v1.50/no/such/thing");
  assertEquals([res.status, await res.json()], [404, { message: "page not found" }]);
});

Deno.test("versions out of range answer 400 with dockerd's wording", async () => {
  const res = await call(app, "GET", "/v1.99/version");
  assertEquals(res.status, 400);
  assertStringIncludes((await res.json()).message, "client version 1.99 is too new");
});

Deno.test("malformed JSON bodies answer 400 on every body-taking route", async () => {
  for (const op of operations.filter((o) => o.body && !o.body.binary)) {
    const res = await call(app, op.method, examplePath(op), "{not json");
    assertEquals(res.status, 400, op.operationId);
    assertStringIncludes((await res.json()).message, "invalid JSON", op.operationId);
  }
});

Deno.test("wrongly typed body fields answer 400 naming the field", async () => {
  const res = await call(app, "POST", "/containers/create", '{"HostConfig":{"Memory":"lots"}}');
  assertEquals(res.status, 400);
  assertEquals(await res.json(), {
    message: "invalid request body: field HostConfig.Memory must be integer, not string",
  });
});

Deno.test("bad query values answer 400 naming the parameter", async () => {
  const cases: [string, string][] = [
    ["/containers/json?all=maybe", '"all"'],
    ["/containers/json?limit=ten", '"limit"'],
    ["/containers/x/wait?condition=never", '"condition"'],
    ["/containers/x/archive", '"path"'],
    ["/system/df?type=disks", '"type"'],
  ];
  for (const [path, name] of cases) {
    const method = path.includes("wait") ? "POST" : "GET";
    const res = await call(app, method, path);
    assertEquals(res.status, 400, path);
    assertStringIncludes((await res.json()).message, name, path);
  }
});

Deno.test("a body over the limit answers 413", async () => {
  const res = await call(
    app,
    "POST",
    "/containers/create",
    JSON.stringify({ Env: ["x".repeat(2000)] }),
  );
  assertEquals(res.status, 413);
  assertStringIncludes((await res.json()).message, "exceeds the limit of 1024 bytes");
});

Deno.test("a malformed percent-escape in the path answers 400", async () => {
  const res = await call(app, "GET", "/containers/%E0%A4%A/json");
  assertEquals(res.status, 400);
  await res.body?.cancel();
});

Deno.test("a backend without a capability answers 501 for its operations and serves the rest", async () => {
  const { backend } = testApp();
  const { streams: _, ...withoutStreams } = backend;
  const partial = new App({ backend: withoutStreams, handlers });
  const made = await call(partial, "POST", "/containers/create", JSON.stringify({ Image: "x" }));
  assertEquals(made.status, 404, "create is served (and finds no image)");
  assertEquals(partial.implements("ContainerList"), true);
  for (
    const [op, method, path] of [
      ["ContainerLogs", "GET", "/containers/x/logs?stdout=1"],
      ["ContainerAttach", "POST", "/containers/x/attach"],
    ]
  ) {
    const res = await call(partial, method, path);
    assertEquals(res.status, 501, op);
    assertEquals(await res.json(), { message: `${op} is not implemented by the memory backend` });
    assertEquals(partial.implements(op), false);
  }
});
