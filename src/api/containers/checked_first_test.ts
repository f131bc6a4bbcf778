import { assertEquals } from "../../../tests/_helpers/assert.ts";
import { call, testApp } from "../../../tests/_helpers/app.ts";
import { assertConforms } from "../../../tests/conformance/conform.ts";
import type { OperationId } from "../../../generated/docker/mod.ts";

const { app, backend } = testApp();

/** Operations that stream or wait, on a container that does not exist. */
const UNKNOWN: [OperationId, string, string][] = [
  ["ContainerLogs", "GET", "/containers/nope/logs?stdout=1"],
  ["ContainerAttach", "POST", "/containers/nope/attach?stream=1&stdout=1"],
  ["ContainerExport", "GET", "/containers/nope/export"],
  ["ContainerWait", "POST", "/containers/nope/wait"],
  ["ContainerArchive", "GET", "/containers/nope/archive?path=/"],
];

Deno.test("streaming and waiting operations answer 404 before any stream for an unknown container", async () => {
  for (const [op, method, path] of UNKNOWN) {
    const res = await call(app, method, path);
    const body = await res.json();
    assertEquals([res.status, body], [404, { message: "No such container: nope" }], op);
    assertConforms(op, res.status, body);
  }
});

Deno.test("aborting the request's signal closes an attach session and ends its output", async () => {
  await (await call(app, "POST", "/images/create?fromImage=alpine")).text();
  const made = await call(
    app,
    "POST",
    "/containers/create",
    JSON.stringify({ Image: "alpine", Cmd: ["sleep", "600"] }),
  );
  const { Id } = await made.json();
  await (await call(app, "POST", `/containers/${Id}/start`)).text();
  const client = new AbortController();
  const options = { stream: true, stdout: true, stderr: true, stdin: false, logs: false };
  const session = await backend.streams.attach(Id, options, client.signal);
  client.abort();
  const chunks: unknown[] = [];
  for await (const chunk of session.output) chunks.push(chunk);
  assertEquals(chunks, []);
  await (await call(app, "DELETE", `/containers/${Id}?force=1`)).text();
});

Deno.test("a wait resolves once registered; its result settles when the condition is met", async () => {
  await (await call(app, "POST", "/images/create?fromImage=alpine")).text();
  const made = await call(
    app,
    "POST",
    "/containers/create",
    JSON.stringify({ Image: "alpine", Cmd: ["sh", "-c", "exit 3"] }),
  );
  const { Id } = await made.json();
  const { result } = await backend.containers.wait(Id, "next-exit", new AbortController().signal);
  await (await call(app, "POST", `/containers/${Id}/start`)).text();
  assertEquals(await result, { StatusCode: 3 });
  await (await call(app, "DELETE", `/containers/${Id}`)).text();
});
