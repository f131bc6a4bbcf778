/**
 * @module
 * The fixture of the network handler tests: an in-process app with alpine pulled, and the calls
 * they share (JSON posts, error messages, running containers, reading a container's `/etc/hosts`).
 */

import { call, testApp } from "./app.ts";
import { assertEquals } from "./assert.ts";

/** A `filters` query parameter. */
export const filters = (f: Record<string, string[]>) => encodeURIComponent(JSON.stringify(f));

/** A fresh app over a fresh backend with alpine pulled, and calls bound to it. */
export async function networksApp() {
  const { app, backend } = testApp();

  function post(path: string, body?: unknown) {
    return call(app, "POST", path, body === undefined ? undefined : JSON.stringify(body));
  }

  async function run(name: string, extra: Record<string, unknown> = {}): Promise<string> {
    const res = await post(`/containers/create?name=${name}`, {
      Image: "alpine",
      Cmd: ["sleep", "600"],
      ...extra,
    });
    const { Id } = await res.json();
    assertEquals(res.status, 201);
    assertEquals((await post(`/containers/${Id}/start`)).status, 204);
    return Id;
  }

  /** A container's `/etc/hosts`, read through the archive endpoint (a one-file tar). */
  async function hostsOf(id: string): Promise<string> {
    const res = await call(app, "GET", `/containers/${id}/archive?path=/etc/hosts`);
    assertEquals(res.status, 200);
    const tar = new Uint8Array(await res.arrayBuffer());
    const dec = new TextDecoder();
    const size = parseInt(dec.decode(tar.slice(124, 136)).replace(/\0.*$/, "").trim(), 8);
    return dec.decode(tar.slice(512, 512 + size));
  }

  await (await post("/images/create?fromImage=alpine&tag=latest")).text();
  return { app, backend, post, run, hostsOf };
}

/** The message of an error response, after checking its status. */
export async function message(res: Response, status: number): Promise<string> {
  const body = await res.json();
  assertEquals(res.status, status, JSON.stringify(body));
  return body.message;
}
