/**
 * @module
 * The conformance recorder notes each operation and status once, and records every body (or
 * streamed line) that differs from the spec with its JSON path and expected type.
 */

import { assertEquals } from "../../tests/_helpers/assert.ts";
import { operations } from "../../generated/docker/mod.ts";
import type { ApiRequest } from "../api/handler.ts";
import { json, ndjson } from "../api/respond.ts";
import { clientOf, type ConformanceRecord, ConformanceRecorder } from "./conformance_recorder.ts";

const op = (id: string) => operations.find((o) => o.operationId === id)!;
const request: ApiRequest = {
  method: "GET",
  url: "/",
  header: (name) => name === "user-agent" ? "Docker-Client/28.2.2 (linux)" : null,
  body: () => null,
};

async function recorded(run: (r: ConformanceRecorder) => Promise<void>) {
  const file = await Deno.makeTempFile();
  await run(new ConformanceRecorder(file));
  const text = await Deno.readTextFile(file);
  await Deno.remove(file);
  return text.trim().split("\n").map((l) => JSON.parse(l) as ConformanceRecord);
}

Deno.test("a conforming body is noted once per operation and status", async () => {
  const records = await recorded(async (r) => {
    r.observe(op("ContainerCreate"), request, json({ Id: "abc", Warnings: [] }, 201));
    r.observe(op("ContainerCreate"), request, json({ Id: "def", Warnings: [] }, 201));
    await Promise.resolve();
  });
  assertEquals(records, [{ client: "docker-cli", operationId: "ContainerCreate", status: 201 }]);
});

Deno.test("a body that differs from the spec is recorded with path and expected type", async () => {
  const records = await recorded(async (r) => {
    r.observe(op("ContainerCreate"), request, json({ Id: 7, Warnings: [] }, 201));
    await Promise.resolve();
  });
  assertEquals(records[1].issues, ["$.Id: expected string, got integer"]);
});

Deno.test("streamed lines are checked one by one and pass through unchanged", async () => {
  async function* lines() {
    yield JSON.stringify({ Type: "container", Action: "start", time: 1 });
    yield JSON.stringify({ Type: "container", Action: 5 });
  }
  let sent = "";
  const records = await recorded(async (r) => {
    const response = r.observe(op("SystemEvents"), request, ndjson(lines()));
    sent = await new Response(response.body as ReadableStream).text();
  });
  assertEquals(sent.split("\n").length, 3);
  assertEquals(records.length, 2);
  assertEquals(records[1].issues, ["$.Action: expected string, got integer"]);
});

Deno.test("an undocumented success status is a mismatch; an error is the error shape", async () => {
  const records = await recorded(async (r) => {
    r.observe(op("ContainerCreate"), request, json({ Id: "abc", Warnings: [] }, 200));
    r.observe(op("ContainerStart"), request, json({ message: "bad" }, 400));
    r.observe(op("ContainerStart"), request, json({ msg: "bad" }, 413));
    await Promise.resolve();
  });
  const issues = records.filter((r) => r.issues).map((r) => [r.status, r.issues]);
  assertEquals(issues, [
    [200, ["status 200 is not a documented response"]],
    [413, ["$.message: expected required property, got missing"]],
  ]);
});

Deno.test("user agents name their client family", () => {
  assertEquals(clientOf("Docker-Client/28.2.2 (linux)"), "docker-cli");
  assertEquals(clientOf("docker-sdk-python/7.1.0"), "docker-py");
  assertEquals(clientOf("docker-compose/1.29.2 docker-py/5.0.3 Linux/6.1"), "compose");
  assertEquals(clientOf("Deno/2.9.6"), "raw-api");
  assertEquals(clientOf(null), "unknown");
});
