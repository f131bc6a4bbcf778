/**
 * @module
 * Stream sessions tied to the request that opened them.
 */

import type { StreamSession } from "./backend.ts";

/** `session`, closed when `signal` aborts: the client went away, so nobody reads it. */
export function closedOnAbort(session: StreamSession, signal: AbortSignal): StreamSession {
  if (signal.aborted) session.close();
  else signal.addEventListener("abort", () => session.close(), { once: true });
  return session;
}
