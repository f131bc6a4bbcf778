/** The container layer gives each file an identity, so commands can tell two files apart. */

import { assertEquals } from "../_assert.ts";
import { container, sh } from "../_test_helpers.ts";

Deno.test("cp and mv onto an existing file tell the two files apart", async () => {
  const c = await container();
  const r = await sh(
    c,
    "echo a > /a; echo b > /b; cp /a /b; cat /b; echo c > /c; mv /c /b; cat /b",
  );
  assertEquals([r.out, r.err], ["a\nc\n", ""]);
  const same = await sh(c, "cp /a /a; ln -s /a /l; cp /l /a");
  assertEquals(
    same.err,
    "cp: '/a' and '/a' are the same file\ncp: '/l' and '/a' are the same file\n",
  );
});
