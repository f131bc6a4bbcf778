/**
 * @module
 * The fixture of the container handler tests: an in-process app with alpine pulled, and a
 * container create bound to it.
 */

import { call, testApp } from "./app.ts";

/** A fresh app over a fresh backend with alpine pulled, and a create call bound to it. */
export async function containersApp() {
  const { app } = testApp();

  async function create(body: unknown, name?: string) {
    return await call(
      app,
      "POST",
      `/containers/create${name ? `?name=${name}` : ""}`,
      JSON.stringify(body),
    );
  }

  await (await call(app, "POST", "/images/create?fromImage=alpine&tag=latest")).text();
  return { app, create };
}
