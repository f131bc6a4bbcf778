/** The hijack's head gap by client: docker-py (alone, or inside compose 1.x) waits longer. */
import { assertEquals } from "../../tests/_helpers/assert.ts";
import { headGapMs } from "./node_adapter.ts";

Deno.test("docker-py clients get the long head gap, others the short one", () => {
  assertEquals(
    [
      "docker-sdk-python/7.1.0",
      "docker-compose/1.29.2 docker-py/5.0.3 Linux/6.1.0",
      "Docker-Client/28.2.2 (linux)",
      "dockerode",
      undefined,
    ].map(headGapMs),
    [100, 100, 5, 5, 5],
  );
});
