import { assertEquals } from "../_assert.ts";
import { waitFor } from "../../tests/_helpers/wait.ts";
import { ManualClock } from "./manual_clock.ts";

Deno.test("manual clock: advance fires due timers in order, each at its due time", async () => {
  const clock = new ManualClock();
  const fired: string[] = [];
  clock.setTimer(() => fired.push(`b@${clock.now()}`), 20);
  clock.setTimer(() => {
    fired.push(`a@${clock.now()}`);
    clock.setTimer(() => fired.push(`c@${clock.now()}`), 5);
  }, 10);
  const cleared = clock.setTimer(() => fired.push("cleared"), 12);
  clock.clearTimer(cleared);
  await clock.advance(14);
  assertEquals([fired, clock.now(), clock.pending], [["a@10"], 14, 2]);
  await clock.advance(6);
  assertEquals(fired, ["a@10", "c@15", "b@20"]);
  assertEquals(clock.pending, 0);
});

Deno.test("manual clock: a timer due now fires on the host's next turn, without advance", async () => {
  const clock = new ManualClock();
  let fired = false;
  clock.setTimer(() => fired = true, 0);
  assertEquals(fired, false);
  await waitFor(() => fired, { message: "the zero-delay timer" });
  assertEquals(clock.now(), 0);
});
