/**
 * Image handlers against registries, in process: push and pull through a real local registry
 * (stable digests, same image id after push → rmi → pull), `X-Registry-Auth` and `/auth` against
 * an htpasswd registry, and a faulty registry (500, truncated layer, digest mismatch) that must
 * leave no image and no layer file behind.
 */
import type { OperationId } from "../../../generated/docker/mod.ts";
import { assert, assertEquals, assertStringIncludes } from "../../../tests/_helpers/assert.ts";
import { testApp } from "../../../tests/_helpers/app.ts";
import { startFaultyRegistry } from "../../../tests/_helpers/faulty_registry.ts";
import { startRegistry } from "../../../tests/_helpers/registry.ts";
import { assertConforms } from "../../../tests/conformance/conform.ts";
import { encodeRegistryAuth } from "../../../sandbox/oci/mod.ts";

function client() {
  const { app, backend } = testApp();
  const send = (
    method: string,
    path: string,
    headers: Record<string, string> = {},
    body?: string,
  ) => app.fetch(new Request(`http://docker${path}`, { method, headers, body }));
  async function stream(method: string, path: string, headers: Record<string, string> = {}) {
    const res = await send(method, path, headers);
    const text = await res.text();
    const lines = res.status === 200 ? text.trim().split("\n").map((l) => JSON.parse(l)) : [];
    return { status: res.status, lines, body: res.status === 200 ? undefined : JSON.parse(text) };
  }
  async function checked(op: OperationId, res: Response) {
    const body = await res.json();
    assertConforms(op, res.status, body);
    return body;
  }
  return { app, backend, send, stream, checked };
}

Deno.test({
  name: "push to and pull from a local registry; digests and ids are stable",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    await using registry = await startRegistry();
    const c = client();
    await c.stream("POST", "/images/create?fromImage=alpine");
    const id = (await c.checked("ImageInspect", await c.send("GET", "/images/alpine/json"))).Id;
    const name = `${registry.domain}/team/alp`;
    await c.send("POST", `/images/alpine/tag?repo=${name}&tag=v1`);
    const first = await c.stream("POST", `/images/${name}/push?tag=v1`);
    assertEquals(first.lines[0], { status: `The push refers to repository [${name}]` });
    const aux = first.lines.find((l) => l.aux)?.aux;
    assert(aux?.Digest.startsWith("sha256:"), JSON.stringify(first.lines));
    assertEquals(aux.Tag, "v1");
    assert(!first.lines.some((l) => l.error), JSON.stringify(first.lines));
    const second = await c.stream("POST", `/images/${name}/push?tag=v1`);
    assertEquals(second.lines.find((l) => l.aux)?.aux.Digest, aux.Digest);
    const pushes = c.backend.events.history().filter((e) =>
      e.Type === "image" && e.Action === "push"
    );
    assertEquals(pushes.map((e) => e.Actor.Attributes.name), [`${name}:v1`, `${name}:v1`]);
    const inspect = await c.checked("ImageInspect", await c.send("GET", `/images/${name}:v1/json`));
    assert(inspect.RepoDigests.includes(`${name}@${aux.Digest}`));
    await c.send("DELETE", `/images/${id}?force=1`);
    const pulled = await c.stream("POST", `/images/create?fromImage=${name}&tag=v1`);
    assert(pulled.lines.some((l) => l.status === "Pull complete"), JSON.stringify(pulled.lines));
    assertEquals(pulled.lines.at(-1), { status: `Status: Downloaded newer image for ${name}:v1` });
    const back = await c.checked("ImageInspect", await c.send("GET", `/images/${name}:v1/json`));
    assertEquals(back.Id, id);
    assertEquals(back.RepoDigests, [`${name}@${aux.Digest}`]);
    assertEquals(back.Config.Cmd, ["/bin/sh"]);
    const again = await c.stream("POST", `/images/create?fromImage=${name}&tag=v1`);
    assertEquals(again.lines.at(-1), { status: `Status: Image is up to date for ${name}:v1` });
    const third = await c.stream("POST", `/images/${name}/push?tag=v1`);
    assertEquals(third.lines.find((l) => l.aux)?.aux.Digest, aux.Digest, "re-push after pull");
  },
});

Deno.test({
  name: "/auth and X-Registry-Auth against an htpasswd registry",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    await using registry = await startRegistry({ users: { ci: "s3cret" } });
    const c = client();
    const login = (password: string) =>
      c.send(
        "POST",
        "/auth",
        { "content-type": "application/json" },
        JSON.stringify({
          username: "ci",
          password,
          serveraddress: registry.domain,
        }),
      );
    const good = await login("s3cret");
    assertEquals(good.status, 200);
    assertEquals((await c.checked("SystemAuth", good)).Status, "Login Succeeded");
    const bad = await login("wrong");
    assertEquals(bad.status, 401);
    assert((await c.checked("SystemAuth", bad)).message.length > 0);
    await c.stream("POST", "/images/create?fromImage=busybox");
    const name = `${registry.domain}/bb`;
    await c.send("POST", `/images/busybox/tag?repo=${name}&tag=1`);
    const anonymous = await c.stream("POST", `/images/${name}/push?tag=1`);
    assert(anonymous.status !== 200 || anonymous.lines.at(-1).error, "anonymous push refused");
    const auth = {
      "X-Registry-Auth": encodeRegistryAuth({
        username: "ci",
        password: "s3cret",
        serverAddress: registry.domain,
      }),
    };
    const pushed = await c.stream("POST", `/images/${name}/push?tag=1`, auth);
    assert(pushed.lines.some((l) => l.aux), JSON.stringify(pushed.lines));
    await c.send("DELETE", `/images/${name}:1`);
    const denied = await c.stream("POST", `/images/create?fromImage=${name}&tag=1`);
    assert(denied.status >= 400, `anonymous pull refused, got ${denied.status}`);
    const pulled = await c.stream("POST", `/images/create?fromImage=${name}&tag=1`, auth);
    assertEquals(pulled.lines.at(-1), { status: `Status: Downloaded newer image for ${name}:1` });
  },
});

Deno.test({
  name: "a failing registry leaves no image and no layer file behind",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    await using registry = await startFaultyRegistry("500");
    const c = client();
    /** The memory backend keeps pulled layers' tars (and, without a data root, partial ones) here. */
    const images = c.backend.images as unknown as {
      files: { dirs(): Promise<{ layers: string }> };
    };
    const early = await c.stream("POST", `/images/create?fromImage=${registry.domain}/app&tag=v1`);
    assert(early.status >= 500, `status ${early.status}`);
    assert(early.body.message.length > 0);
    for (const fault of ["truncated", "mismatch"] as const) {
      registry.fault = fault;
      const r = await c.stream("POST", `/images/create?fromImage=${registry.domain}/app&tag=v1`);
      assertEquals(r.status, 200);
      assert(r.lines.some((l) => l.status === "Pulling fs layer"));
      const last = r.lines.at(-1);
      assertEquals(last.errorDetail.message, last.error, fault);
      assertStringIncludes(last.error, fault === "mismatch" ? "verification failed" : "");
      assertEquals(await c.checked("ImageList", await c.send("GET", "/images/json")), []);
      const files = [...Deno.readDirSync((await images.files.dirs()).layers)];
      assertEquals(files, [], `no layer files after a ${fault} layer`);
    }
    registry.fault = "none";
    const ok = await c.stream("POST", `/images/create?fromImage=${registry.domain}/app&tag=v1`);
    assertEquals(ok.lines.at(-1), {
      status: `Status: Downloaded newer image for ${registry.domain}/app:v1`,
    });
    const inspect = await c.checked(
      "ImageInspect",
      await c.send("GET", `/images/${registry.domain}/app:v1/json`),
    );
    assertEquals(inspect.Config.Labels, { origin: "fake" });
    assertEquals(inspect.RootFS.Layers.length, 2);
    assertEquals([...Deno.readDirSync((await images.files.dirs()).layers)].length, 2);
  },
});

Deno.test({
  name: "pull progress arrives line by line while the pull runs",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    await using registry = await startFaultyRegistry("held");
    const c = client();
    const res = await c.send("POST", `/images/create?fromImage=${registry.domain}/app&tag=v1`);
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = "";
    // The second layer is held back, so the first one's completion can only come mid-pull.
    while (!text.includes("Pull complete")) text += (await reader.read()).value ?? "";
    assert(!text.includes("Status: Downloaded newer image"), "the pull ended early");
    registry.release();
    while (true) {
      const { value, done } = await reader.read();
      if (done) break;
      text += value;
    }
    assertStringIncludes(text, "Status: Downloaded newer image");
  },
});
