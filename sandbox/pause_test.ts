import { assert, assertEquals } from "./_assert.ts";
import { collect, container } from "./_test_helpers.ts";
import { ManualClock } from "./sched/manual_clock.ts";
import { idleTurns, settledFlag, waitFor, within } from "../tests/_helpers/wait.ts";

/** Waits until `count` processes of `c` run `argv` (so they have reached it). */
function running(c: { processes(): { argv: string[] }[] }, argv: string, count = 1) {
  return waitFor(
    () => c.processes().filter((p) => p.argv.join(" ") === argv).length === count,
    { message: `${count} × ${argv} to run` },
  );
}

Deno.test("a paused loop emits nothing and carries on at resume", async () => {
  const clock = new ManualClock();
  const c = await container([], clock);
  const p = c.spawn({ argv: ["sh", "-c", "while true; do echo tick; sleep 0.1; done"] });
  const out = collect(p.stdout);
  await waitFor(() => out.text().includes("tick"), { message: "a tick before the pause" });
  await clock.advance(300);
  c.pause();
  assert(c.paused);
  await idleTurns();
  const before = out.text().length;
  await clock.advance(500);
  assertEquals(out.text().length, before, "no tick while paused");
  c.resume();
  assert(!c.paused);
  await clock.advance(100);
  await waitFor(() => out.text().length > before, { message: "ticks again after resume" });
  p.signal("KILL");
  assertEquals(await p.exited, 137);
  await out.done;
});

Deno.test("a sleep that would end while paused resumes the script only after resume", async () => {
  const clock = new ManualClock();
  const c = await container([], clock);
  const p = c.spawn({ argv: ["sh", "-c", "sleep 1; echo done"] });
  const out = collect(p.stdout);
  await waitFor(() => clock.pending === 1, { message: "the sleep to start" });
  await clock.advance(300);
  c.pause();
  await clock.advance(1500);
  assertEquals(out.text(), "");
  c.resume();
  await waitFor(() => clock.pending === 1, { message: "the sleep to go on at resume" });
  // The paused time did not count: 0.7 s of the sleep was still left.
  await clock.advance(699);
  assertEquals(out.text(), "", "sleep time spent paused was not counted");
  await clock.advance(1);
  assertEquals(await within(p.exited, { message: "the script to end" }), 0);
  await out.done;
  assertEquals(out.text(), "done\n");
});

Deno.test("KILL ends a paused process at once; TERM waits for the thaw", async () => {
  const c = await container();
  const killed = c.spawn({ argv: ["sh", "-c", "sleep infinity"] });
  const termed = c.spawn({ argv: ["sh", "-c", "sleep infinity"] });
  await running(c, "sleep infinity", 2);
  c.pause();
  killed.signal("KILL");
  const killedEnded = settledFlag(killed.exited);
  await idleTurns();
  assert(killedEnded(), "KILL ended the frozen process without a thaw");
  assertEquals(await killed.exited, 137);
  termed.signal("TERM");
  const termedEnded = settledFlag(termed.exited);
  await idleTurns();
  assert(!termedEnded(), "TERM is held until the thaw");
  c.resume();
  assertEquals(await termed.exited, 143);
});

Deno.test("stdin written while paused is processed after resume", async () => {
  const c = await container();
  const p = c.spawn({ argv: ["cat"], stdin: true });
  const out = collect(p.stdout);
  const writer = p.stdin.getWriter();
  await writer.write(new TextEncoder().encode("a\n"));
  await waitFor(() => out.text() === "a\n", { message: "cat to echo a line" });
  c.pause();
  await writer.write(new TextEncoder().encode("b\n"));
  await idleTurns();
  assertEquals(out.text(), "a\n");
  c.resume();
  await writer.close();
  assertEquals(await p.exited, 0);
  await out.done;
  assertEquals(out.text(), "a\nb\n");
});

Deno.test("yes stops writing and a new exec waits while paused", async () => {
  const c = await container();
  const yes = c.spawn({ argv: ["yes"] });
  const out = collect(yes.stdout);
  await waitFor(() => out.text().length > 0, { message: "yes to write" });
  c.pause();
  await idleTurns();
  const before = out.text().length;
  const exec = c.spawn({ argv: ["sh", "-c", "echo late"] });
  const execOut = collect(exec.stdout);
  await idleTurns();
  assertEquals(out.text().length, before);
  assertEquals(execOut.text(), "");
  c.resume();
  assertEquals(await exec.exited, 0);
  await execOut.done;
  assertEquals(execOut.text(), "late\n");
  await waitFor(() => out.text().length > before, { message: "yes to write again" });
  yes.signal("KILL");
  await out.done;
});

Deno.test("a loop of builtins only can be paused and killed", async () => {
  const c = await container();
  const p = c.spawn({ argv: ["sh", "-c", "i=0; while :; do i=$((i+1)); done"] });
  await waitFor(() => c.usage().cpuNanos > 30e6, { message: "the loop to run and be charged" });
  c.pause();
  // The loop's next checkpoint notices the pause; from then on it is charged nothing.
  await idleTurns();
  const frozenCpu = c.usage().cpuNanos;
  await idleTurns();
  assertEquals(c.usage().cpuNanos, frozenCpu, "no CPU used while paused");
  p.signal("KILL");
  assertEquals(await p.exited, 137);
  c.resume();
});
