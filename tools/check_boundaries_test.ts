import { assertEquals } from "../tests/_helpers/assert.ts";
import { findViolations } from "./check_boundaries.ts";

function rulesBroken(files: Record<string, string>): string[] {
  return findViolations(new Map(Object.entries(files))).map((v) => `${v.file}->${v.target}`);
}

Deno.test("allowed imports pass", () => {
  assertEquals(
    rulesBroken({
      "src/api/system/info.ts":
        'import { x } from "../../engine/mod.ts";\nimport y from "npm:yaml";',
      "src/server/app.ts": 'import { handlers } from "../api/mod.ts";',
      "src/main.ts": 'import { createMemoryBackend } from "./backends/memory/mod.ts";',
      "src/backends/memory/mod.ts": 'import { EventBus } from "../../engine/mod.ts";',
      "src/backends/memory/runtime.ts": 'import { c } from "../../../sandbox/mod.ts";',
      "src/engine/containers/x.ts": 'import type { Runtime } from "../../../sandbox/runtime.ts";',
      "src/engine/images/pull.ts": 'import { pull } from "../../../sandbox/oci/mod.ts";',
      "src/agent/main.ts": 'import { serve } from "../../sandbox/agent/mod.ts";',
      "hubs/github/main.ts": 'import { s } from "../../sandbox/oci/mod.ts";',
      "hubs/gitlab/main.ts": 'import { git } from "../_shared/git.ts";',
      "generated/docker/mod.ts": 'export * from "./params.ts";',
      "simulators/aws/main.ts": 'import { x } from "../_shared/http.ts";',
      "tests/e2e/x_test.ts": 'import { App } from "../../src/server/mod.ts";',
      "src/server/app_test.ts": 'import { m } from "../backends/memory/mod.ts";',
    }),
    [],
  );
});

Deno.test("each forbidden import is reported", () => {
  assertEquals(
    rulesBroken({
      "generated/docker/mod.ts": 'import { x } from "../../src/version.ts";',
      "src/api/system/info.ts": 'import { App } from "../../server/app.ts";',
      "src/api/containers/x.ts": 'import { m } from "../../backends/memory/mod.ts";',
      "src/backends/memory/a.ts": 'export { h } from "../../api/mod.ts";',
      "src/backends/ecs/a.ts": 'import { m } from "../memory/mod.ts";',
      "src/server/listen.ts": 'const m = await import("../backends/memory/mod.ts");',
      "sandbox/mod.ts": 'import { y } from "../src/version.ts";',
      "src/engine/containers/y.ts": 'import { c } from "../../../sandbox/container.ts";',
      "src/engine/images/z.ts": 'import { m } from "../../backends/memory/mod.ts";',
      "src/agent/main.ts": 'import { e } from "../engine/mod.ts";',
      "hubs/github/main.ts": 'import { s } from "../gitlab/git.ts";',
      "simulators/aws/main.ts": 'import { g } from "../gcp/run.ts";',
    }),
    [
      "generated/docker/mod.ts->src/version.ts",
      "src/api/system/info.ts->src/server/app.ts",
      "src/api/containers/x.ts->src/backends/memory/mod.ts",
      "src/api/containers/x.ts->src/backends/memory/mod.ts",
      "src/backends/memory/a.ts->src/api/mod.ts",
      "src/backends/ecs/a.ts->src/backends/memory/mod.ts",
      "src/server/listen.ts->src/backends/memory/mod.ts",
      "sandbox/mod.ts->src/version.ts",
      "src/engine/containers/y.ts->sandbox/container.ts",
      "src/engine/images/z.ts->src/backends/memory/mod.ts",
      "src/agent/main.ts->src/engine/mod.ts",
      "hubs/github/main.ts->hubs/gitlab/git.ts",
      "simulators/aws/main.ts->simulators/gcp/run.ts",
    ],
  );
});
