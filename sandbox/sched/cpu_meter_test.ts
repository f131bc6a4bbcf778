import { assert, assertEquals } from "../_assert.ts";
import { idleTurns } from "../../tests/_helpers/wait.ts";
import {
  CpuAccount,
  idle,
  quiesce,
  running,
  SLICE_MS,
  sliceExpired,
  useMeterClock,
} from "./cpu_meter.ts";
import { ManualClock } from "./manual_clock.ts";

/** Runs `fn` with the meter on a manual clock, restoring the real one after. */
async function withManualMeter(fn: (clock: ManualClock) => void | Promise<void>): Promise<void> {
  const clock = new ManualClock();
  const restore = useMeterClock(clock);
  try {
    await fn(clock);
  } finally {
    quiesce();
    restore();
  }
}

Deno.test("cpu meter: the running account is charged until another marks or it idles", () =>
  withManualMeter(async (clock) => {
    const a = new CpuAccount();
    const b = new CpuAccount();
    running(a);
    await clock.advance(10, 0);
    running(b);
    await clock.advance(5, 0);
    idle();
    await clock.advance(10, 0);
    quiesce();
    assertEquals([a.nanos, b.nanos], [10e6, 5e6]);
  }));

Deno.test("cpu meter: the next macrotask ends the slice", () =>
  withManualMeter(async (clock) => {
    const a = new CpuAccount();
    running(a);
    await clock.advance(5, 0);
    await idleTurns(1);
    assertEquals(a.nanos, 5e6);
    await clock.advance(20, 0);
    await idleTurns(1);
    assertEquals(a.nanos, 5e6, "idle time was charged");
  }));

Deno.test("cpu meter: a slice expires after SLICE_MS of holding the thread", () =>
  withManualMeter(async (clock) => {
    const a = new CpuAccount();
    running(a);
    assert(!sliceExpired());
    await clock.advance(SLICE_MS - 1, 0);
    assert(!sliceExpired());
    await clock.advance(1, 0);
    assert(sliceExpired());
    quiesce();
    assert(!sliceExpired());
  }));
