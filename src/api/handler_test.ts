import { assertEquals } from "../../tests/_helpers/assert.ts";
import { defineHandler } from "./handler.ts";
import { empty } from "./respond.ts";
import { handlers } from "./mod.ts";

Deno.test("a handler records the capability it requires and the members it uses", () => {
  const one = defineHandler("ContainerList", "containers.list", () => empty());
  assertEquals([one.requires, one.uses], ["containers", ["containers.list"]]);
  const two = defineHandler("ImageCreate", ["images.pull", "images.import"], () => empty());
  assertEquals([two.requires, two.uses], ["images", ["images.pull", "images.import"]]);
  const bare = defineHandler("SystemPing", "system", () => empty());
  assertEquals([bare.requires, bare.uses], ["system", []]);
});

Deno.test("a handler using two capabilities is refused where it is defined", () => {
  let message = "";
  try {
    defineHandler("ContainerLogs", ["streams.logs", "containers.inspect"], () => empty());
  } catch (err) {
    message = (err as Error).message;
  }
  assertEquals(
    message,
    "ContainerLogs must use one capability, not [streams.logs, containers.inspect]",
  );
});

Deno.test("every handler but the system's says which members serve its operation", () => {
  const bare = handlers.filter((h) => h.uses.length === 0).map((h) => h.operationId);
  assertEquals(bare, ["SystemPing", "SystemPingHead", "SystemEvents"]);
});
