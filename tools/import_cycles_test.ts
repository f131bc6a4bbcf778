import { assertEquals } from "../tests/_helpers/assert.ts";
import { findCycles } from "./import_cycles.ts";

Deno.test("an import circle is found, type-only imports included; a DAG has none", () => {
  const cycles = findCycles(
    new Map([
      ["src/a.ts", 'import { b } from "./b.ts";'],
      ["src/b.ts", 'import type { C } from "./c.ts";'],
      ["src/c.ts", 'import type { A } from "./a.ts";'],
      ["src/d.ts", 'import { a } from "./a.ts";'],
      ["src/d_test.ts", 'import { d } from "./d.ts";\nimport { t } from "./d_test.ts";'],
    ]),
  );
  assertEquals(cycles, [["src/a.ts", "src/b.ts", "src/c.ts"]]);
  assertEquals(
    findCycles(new Map([["x.ts", 'import "./y.ts";'], ["y.ts", "export const y = 1;"]])),
    [],
  );
});
