/**
 * Create requests as docker-py 5 (docker-compose 1.29) sends them: an empty log driver and null
 * health durations. dockerd stores the default driver and drops the nulls, so inspect conforms.
 */
import { assertEquals } from "../../../tests/_helpers/assert.ts";
import { call, testApp } from "../../../tests/_helpers/app.ts";
import { assertConforms } from "../../../tests/conformance/conform.ts";

const { app } = testApp();
await (await call(app, "POST", "/images/create?fromImage=alpine&tag=latest")).text();

Deno.test("an empty LogConfig.Type is the default driver; null health durations are dropped", async () => {
  const res = await call(
    app,
    "POST",
    "/containers/create",
    JSON.stringify({
      Image: "alpine",
      Cmd: ["true"],
      Healthcheck: {
        Test: ["CMD", "true"],
        Interval: 1_000_000_000,
        Timeout: null,
        StartPeriod: null,
        Retries: 3,
      },
      HostConfig: { LogConfig: { Type: "", Config: {} } },
    }),
  );
  assertEquals(res.status, 201);
  const { Id } = await res.json();
  const inspected = await (await call(app, "GET", `/containers/${Id}/json`)).json();
  assertConforms("ContainerInspect", 200, inspected);
  assertEquals(inspected.HostConfig.LogConfig, { Type: "json-file", Config: {} });
  assertEquals(inspected.Config.Healthcheck, {
    Test: ["CMD", "true"],
    Interval: 1_000_000_000,
    Retries: 3,
  });
});
