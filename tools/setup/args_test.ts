import { assertEquals, assertRejects } from "../../tests/_helpers/assert.ts";
import { parseTestArgs } from "./args.ts";

const existing = new Set(["sandbox/", "tests/e2e/compose_test.ts"]);
const parse = (...args: string[]) => parseTestArgs(args, (a) => existing.has(a));

Deno.test("paths select files, a bare word filters, flags pass to deno test", () => {
  assertEquals(parse("--", "tests/e2e/compose_test.ts", "sandbox/"), {
    paths: ["tests/e2e/compose_test.ts", "sandbox/"],
    flags: [],
    setupOnly: false,
  });
  assertEquals(parse("--", "compose", "--fail-fast", "--reporter", "dot", "--setup-only"), {
    paths: [],
    filter: "compose",
    flags: ["--fail-fast", "--reporter", "dot"],
    setupOnly: true,
  });
  assertEquals(parse("--filter", "tests/x", "sandbox/").filter, "tests/x");
  assertEquals(parse("--filter=a b").filter, "a b");
});

Deno.test("a missing path is an error, not a filter that matches nothing", async () => {
  await assertRejects(() => parse("tests/e2e/compose.ts"), "no such file or folder");
  await assertRejects(() => parse("santdbox/"), "no such file or folder");
  await assertRejects(() => parse("one", "two"), "one filter at a time");
});
