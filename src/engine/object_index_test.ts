/** The object index: names, renames (also to the same name) and lookups. */
import { assertEquals } from "../../tests/_helpers/assert.ts";
import { ObjectIndex } from "./object_index.ts";

Deno.test("renaming to the current name keeps the object findable", () => {
  const index = new ObjectIndex<{ id: string; name?: string }>("container");
  const obj = { id: "a".repeat(64), name: "box" };
  index.add(obj);
  index.rename(obj, "box");
  assertEquals(index.find("box"), obj);
  index.rename(obj, "crate");
  assertEquals([index.find("box"), index.find("crate")], [undefined, obj]);
});
