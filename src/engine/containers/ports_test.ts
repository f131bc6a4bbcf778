/** Port publishing is refused with the ports named; exposing alone is accepted. */
import { assertEquals, assertRejects } from "../../../tests/_helpers/assert.ts";
import { publishedPorts, refusePortPublishing } from "./ports.ts";

Deno.test("published ports: bindings with entries, and -P over the exposed ports", () => {
  assertEquals(publishedPorts({ PortBindings: {} }, { "80/tcp": {} }), []);
  assertEquals(publishedPorts({ PortBindings: { "80/tcp": [] } }, {}), []);
  assertEquals(
    publishedPorts({ PortBindings: { "80/tcp": [{ HostIp: "", HostPort: "8080" }] } }, {}),
    ["80/tcp"],
  );
  assertEquals(
    publishedPorts({ PublishAllPorts: true }, { "80/tcp": {}, "53/udp": {} }),
    ["53/udp", "80/tcp"],
  );
  assertEquals(publishedPorts({ PublishAllPorts: true }, {}), []);
});

Deno.test("refusePortPublishing throws the memory backend's NotImplemented", async () => {
  refusePortPublishing({ PublishAllPorts: true }, undefined);
  const err = await assertRejects(
    () => refusePortPublishing({ PortBindings: { "80/tcp": [{ HostPort: "" }] } }, {}),
    "port publishing is not supported by the memory backend",
  );
  assertEquals((err as { kind?: string }).kind, "NotImplemented");
});
