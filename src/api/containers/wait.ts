/**
 * @module
 * `POST /containers/{id}/wait`: the headers go out at once (so the client knows the wait is
 * registered before it starts the container), the body when the condition is met.
 */

import { defineHandler } from "../handler.ts";

const encoder = new TextEncoder();

/** POST /containers/{id}/wait. */
export const containerWait = defineHandler("ContainerWait", "containers.wait", async (ctx) => {
  // A 404 for an unknown container goes out as the answer; otherwise the waiter is registered.
  const { result } = await ctx.capability.wait(
    ctx.params.path.id,
    ctx.params.query.condition,
    ctx.signal,
  );
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      const answer = await result.catch((err) => ({
        StatusCode: -1,
        Error: { Message: err instanceof Error ? err.message : String(err) },
      }));
      controller.enqueue(encoder.encode(JSON.stringify(answer) + "\n"));
      controller.close();
    },
  });
  return { status: 200, headers: { "Content-Type": "application/json" }, body };
});
