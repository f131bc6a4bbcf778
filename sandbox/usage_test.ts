import { assert, assertEquals } from "./_assert.ts";
import { container, sh } from "./_test_helpers.ts";
import { useMeterClock } from "./sched/cpu_meter.ts";
import { idleTurns, waitFor } from "../tests/_helpers/wait.ts";

/** A meter clock that moves 1 µs at each reading: charges follow the work done, not wall time. */
function countingClock(): { now(): number } {
  let ms = 0;
  return { now: () => ms += 0.001 };
}

Deno.test("usage: a busy loop is charged CPU time, an idle sleep is not", async () => {
  const restore = useMeterClock(countingClock());
  try {
    const c = await container();
    const start = c.usage().cpuNanos;
    const r = await sh(c, "i=0; while [ $i -lt 20000 ]; do i=$((i+1)); done; echo $i");
    assertEquals(r.out, "20000\n");
    const busy = c.usage().cpuNanos - start;
    assert(busy > 0, `busy loop charged ${busy} ns`);

    const idle = await container();
    const p = idle.spawn({ argv: ["sleep", "infinity"] });
    await waitFor(() => idle.usage().pids === 1, { message: "the sleep to start" });
    await idleTurns();
    const before = idle.usage().cpuNanos;
    await idleTurns(20);
    assertEquals(idle.usage().cpuNanos - before, 0, "idle sleep charged");
    p.signal("KILL");
    await p.exited;
  } finally {
    restore();
  }
});

Deno.test("usage: memory follows the writable layer's file bytes", async () => {
  const c = await container();
  const base = c.usage().memoryBytes;
  assert(base > 0 && base < 4096, "only /etc/hosts and /etc/hostname");
  await c.writeFile("/tmp/big", new Uint8Array(1048576));
  const grown = c.usage().memoryBytes - base;
  assert(grown >= 1048576 && grown < 1048576 + 4096, `grew by ${grown}`);
  await sh(c, "rm /tmp/big");
  assertEquals(c.usage().memoryBytes, base);
  assertEquals((await sh(c, "printf '%1048576s' x > /tmp/spaces")).code, 0);
  assertEquals(c.usage().memoryBytes - base, 1048576);
  await sh(c, "rm /tmp/spaces");
  assertEquals(c.usage().memoryBytes, base);
  // Reading an image file, or chown-ing it, does not copy its bytes.
  await sh(c, "cat /etc/passwd > /dev/null; chown 1:1 /etc/passwd");
  assertEquals(c.usage().memoryBytes, base);
});

Deno.test("usage: unread stdin counts as memory", async () => {
  const c = await container();
  const p = c.spawn({ argv: ["sh", "-c", "sleep infinity"], stdin: true });
  const base = c.usage().memoryBytes;
  const writer = p.stdin.getWriter();
  await writer.write(new Uint8Array(1000));
  assertEquals(c.usage().memoryBytes - base, 1000);
  p.signal("KILL");
  await p.exited;
});

Deno.test("usage: pids counts live processes and the commands they run", async () => {
  const c = await container();
  assertEquals(c.usage().pids, 0);
  const main = c.spawn({ argv: ["sh", "-c", "sleep infinity"] });
  const exec = c.spawn({ argv: ["sleep", "infinity"] });
  // A shell running sleep, and sleep started as itself.
  await waitFor(() => c.usage().pids === 3, { message: "three process-table entries" });
  main.signal("KILL");
  exec.signal("KILL");
  await Promise.all([main.exited, exec.exited]);
  await waitFor(() => c.usage().pids === 0, { message: "the process table to empty" });
});
