/**
 * @module
 * Waiting in tests without fixed sleeps: poll a condition until it holds, failing past a
 * deadline with a message that names what was awaited, so a slow machine only makes a test
 * slower and a real hang fails clearly instead of hanging or racing.
 */

/** The values a condition answers while it does not hold yet. */
type Falsy = false | 0 | "" | null | undefined;

/** How long {@linkcode waitFor} may wait, and what it waits for. */
export interface WaitOptions {
  /** What is awaited, for the failure message ("the container to exit"). */
  message: string;
  /** How long to wait before failing; 10 s unless told. */
  deadlineMs?: number;
  /** How long to wait between polls; 10 ms unless told. */
  pollMs?: number;
}

/**
 * Polls `condition` until it answers a truthy value, and answers that value. Fails once
 * `deadlineMs` has passed; an exception from `condition` fails at once.
 */
export async function waitFor<T>(
  condition: () => T | Promise<T>,
  { message, deadlineMs = 10_000, pollMs = 10 }: WaitOptions,
): Promise<Exclude<T, Falsy>> {
  const deadline = performance.now() + deadlineMs;
  for (;;) {
    const value = await condition();
    if (value) return value as Exclude<T, Falsy>;
    if (performance.now() >= deadline) {
      throw new Error(`timed out after ${deadlineMs} ms waiting for ${message}`);
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

/** Awaits `promise`, failing once `deadlineMs` has passed without it settling. */
export async function within<T>(
  promise: Promise<T>,
  { message, deadlineMs = 10_000 }: Omit<WaitOptions, "pollMs">,
): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`timed out after ${deadlineMs} ms waiting for ${message}`)),
      deadlineMs,
    );
  });
  try {
    return await Promise.race([promise, expired]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Lets the event loop run `turns` macrotask turns. Only for asserting that something did NOT
 * happen where nothing time-based can make it happen (a frozen container, a manual clock that
 * is not advanced): every ready continuation runs, and no wall time is measured.
 */
export async function idleTurns(turns = 5): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise((resolve) => setTimeout(resolve, 0));
}

/** True once `promise` has settled, read synchronously (for "has it ended yet?"). */
export function settledFlag(promise: Promise<unknown>): () => boolean {
  let settled = false;
  promise.then(() => settled = true, () => settled = true);
  return () => settled;
}
