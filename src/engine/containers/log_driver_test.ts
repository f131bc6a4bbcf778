/** Log drivers the memory backend keeps, refuses, and does not know. */
import { assertEquals, assertRejects } from "../../../tests/_helpers/assert.ts";
import { checkLogDriver, checkLogsReadable } from "./log_driver.ts";

Deno.test("json-file, local and none are kept; shipping drivers are a 501; unknown a 400", async () => {
  for (const t of [undefined, "", "json-file", "local", "none"]) checkLogDriver(t);
  const shipped = await assertRejects(
    () => checkLogDriver("syslog"),
    "log driver syslog is not supported by the memory backend",
  );
  assertEquals((shipped as { kind?: string }).kind, "NotImplemented");
  const unknown = await assertRejects(
    () => checkLogDriver("nope"),
    "logger: no log driver named 'nope' is registered",
  );
  assertEquals((unknown as { kind?: string }).kind, "InvalidParameter");
});

Deno.test("logs of a none-driver container are not readable, as dockerd", async () => {
  checkLogsReadable("json-file");
  await assertRejects(
    () => checkLogsReadable("none"),
    "configured logging driver does not support reading",
  );
});
