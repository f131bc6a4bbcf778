/**
 * @module
 * An in-process App over a fresh memory backend, for handler tests through `app.fetch`.
 */

import { handlers } from "../../src/api/mod.ts";
import type { CompleteBackend } from "../../src/engine/mod.ts";
import { createMemoryBackend } from "../../src/backends/memory/mod.ts";
import { App } from "../../src/server/mod.ts";

/** A test app and its backend, every capability present. */
export function testApp(
  options: { maxJsonBody?: number } = {},
): { app: App; backend: CompleteBackend } {
  const backend = createMemoryBackend();
  return { app: new App({ backend, handlers, ...options }), backend };
}

/** Sends a request to the app. */
export function call(app: App, method: string, path: string, body?: string): Promise<Response> {
  return app.fetch(
    new Request(`http://docker${path}`, {
      method,
      body,
      headers: body === undefined ? {} : { "Content-Type": "application/json" },
    }),
  );
}

/** Creates, starts and waits for a container; answers its id and exit code. */
export async function runContainer(
  app: App,
  image: string,
  cmd?: string[],
): Promise<{ id: string; code: number }> {
  const res = await call(
    app,
    "POST",
    "/containers/create",
    JSON.stringify({ Image: image, Cmd: cmd }),
  );
  const id = (await res.json()).Id as string;
  await (await call(app, "POST", `/containers/${id}/start`)).text();
  return {
    id,
    code: (await (await call(app, "POST", `/containers/${id}/wait`)).json()).StatusCode,
  };
}
