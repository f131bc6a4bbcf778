import { assertStringIncludes } from "../tests/_helpers/assert.ts";
import { createMemoryBackend } from "../src/backends/memory/mod.ts";
import { renderCoverage } from "./spec_coverage.ts";

Deno.test("the report names what serves each operation and marks a missing capability 501", () => {
  const { streams: _, ...rest } = createMemoryBackend();
  const report = renderCoverage([createMemoryBackend(), { ...rest, name: "partial" }]);
  assertStringIncludes(report, "| operation | method | path | served by | memory | partial |");
  assertStringIncludes(
    report,
    "| ContainerLogs | GET | `/containers/{id}/logs` | `streams.logs` | yes | 501 |",
  );
  assertStringIncludes(
    report,
    "| ImageCreate | POST | `/images/create` | `images.pull`, `images.import` | yes | yes |",
  );
  assertStringIncludes(
    report,
    "| `streams` | ContainerLogs, ContainerAttach, ContainerAttachWebsocket | 3 | 0 |",
  );
});
