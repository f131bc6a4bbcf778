import { assert, assertEquals } from "../../tests/_helpers/assert.ts";
import { SETUPS } from "./catalogue.ts";
import { NEEDS } from "./needs.ts";
import { setupsOf } from "./suites.ts";

const ROOT = new URL("../..", import.meta.url).pathname;

Deno.test("a suite needs the setups of what it is under and of every module it reaches", async () => {
  const sources: Record<string, string> = {
    "tests/e2e/x_test.ts": 'import { h } from "../_helpers/h.ts";\nimport "npm:yaml";',
    "tests/_helpers/h.ts": 'export { r } from "./registry.ts";',
    "tests/_helpers/registry.ts": "export const r = 1;",
    "tests/chaos/y_test.ts": 'const m = await import("./m.ts");',
    "tests/chaos/m.ts": 'import "../e2e/x_test.ts";',
    "src/z_test.ts": 'import { h } from "../tests/_helpers/h.ts";',
  };
  const table = {
    "tests/_helpers/registry.ts": ["registry"],
    "tests/chaos/": ["docker-cli"],
  } as const;
  const got = await setupsOf(
    Object.keys(sources).filter((f) => f.endsWith("_test.ts")),
    (path) => Promise.resolve(sources[path] ?? null),
    table,
  );
  assertEquals(Object.fromEntries(got), {
    "tests/e2e/x_test.ts": ["registry"],
    "tests/chaos/y_test.ts": ["docker-cli", "registry"],
    "src/z_test.ts": ["registry"],
  });
});

Deno.test("every path of the needs table exists and names setups of the catalogue", async () => {
  for (const [path, names] of Object.entries(NEEDS)) {
    const stat = await Deno.stat(`${ROOT}${path}`);
    assertEquals(stat.isDirectory, path.endsWith("/"), path);
    for (const name of names) assert(Object.hasOwn(SETUPS, name), `${path}: ${name}`);
  }
});
