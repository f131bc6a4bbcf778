/**
 * docker build in process: a multi-stage Dockerfile whose RUN steps write files, the cache on a
 * rebuild, failing RUNs, parse errors with line numbers, `.dockerignore`, build args and labels,
 * hostile contexts, and intermediate containers kept out of the container list.
 */
import { assert, assertEquals, assertStringIncludes } from "../../../tests/_helpers/assert.ts";
import { call, runContainer, testApp } from "../../../tests/_helpers/app.ts";
import { makeTar, type TarEntry } from "../../../tests/_helpers/tar.ts";
import { assertConforms } from "../../../tests/conformance/conform.ts";

type App = ReturnType<typeof testApp>["app"];

function build(app: App, entries: TarEntry[], query = "", gzip = false) {
  let body: BodyInit = makeTar(entries);
  if (gzip) {
    body = new Blob([body]).stream().pipeThrough(new CompressionStream("gzip"));
  }
  return app.fetch(
    new Request(`http://docker/build?${query}`, {
      method: "POST",
      body,
      headers: { "Content-Type": "application/x-tar" },
      ...(gzip ? { duplex: "half" } : {}),
    } as RequestInit),
  );
}

async function lines(res: Response): Promise<Record<string, unknown>[]> {
  return (await res.text()).trim().split("\n").map((l) => JSON.parse(l));
}

function streamText(messages: Record<string, unknown>[]): string {
  return messages.map((m) => m.stream ?? "").join("");
}

async function runOut(app: App, image: string, cmd?: string[]): Promise<string> {
  const { id } = await runContainer(app, image, cmd);
  const logs = new Uint8Array(
    await (await call(app, "GET", `/containers/${id}/logs?stdout=1&stderr=1`)).arrayBuffer(),
  );
  let out = "";
  for (let at = 0; at + 8 <= logs.length;) {
    const size = new DataView(logs.buffer, at + 4, 4).getUint32(0);
    out += new TextDecoder().decode(logs.subarray(at + 8, at + 8 + size));
    at += 8 + size;
  }
  return out;
}

const MULTI = `FROM alpine AS builder
ARG GREETING=hello
RUN mkdir -p /out && echo "$GREETING from builder" > /out/artifact.txt
FROM alpine
COPY --from=builder /out/artifact.txt /app/
COPY note.txt /app/note.txt
WORKDIR /app
CMD ["sh", "-c", "cat /app/artifact.txt /app/note.txt"]
`;

Deno.test("build a multi-stage Dockerfile, run it, and rebuild from the cache", async () => {
  const { app } = testApp();
  const context = [{ name: "Dockerfile", body: MULTI }, { name: "note.txt", body: "a note\n" }];
  const first = await lines(await build(app, context, "t=app&t=app:v1"));
  const text = streamText(first);
  assertStringIncludes(text, "Step 1/8 : FROM alpine AS builder\n");
  assertStringIncludes(text, " ---> Running in ");
  assertStringIncludes(text, "Successfully tagged app:latest\n");
  assertStringIncludes(text, "Successfully tagged app:v1\n");
  const aux = first.find((m) => m.aux) as { aux: { ID: string } };
  assert(aux.aux.ID.startsWith("sha256:"));
  assertStringIncludes(text, `Successfully built ${aux.aux.ID.slice(7, 19)}\n`);
  assertEquals(await runOut(app, "app"), "hello from builder\na note\n");
  const containers = await (await call(app, "GET", "/containers/json?all=1")).json();
  assertEquals(containers.length, 1, "intermediate containers are removed");

  const again = streamText(await lines(await build(app, context, "t=app")));
  assertEquals(again.split(" ---> Using cache\n").length - 1, 6, again);
  assertStringIncludes(again, `Successfully built ${aux.aux.ID.slice(7, 19)}\n`);
  const nocache = streamText(await lines(await build(app, context, "t=app&nocache=1")));
  assert(!nocache.includes("Using cache"), nocache);

  const changed = [{ name: "Dockerfile", body: MULTI }, { name: "note.txt", body: "changed\n" }];
  const third = streamText(await lines(await build(app, changed, "t=app", true)));
  assertEquals(third.split(" ---> Using cache\n").length - 1, 3, third);
  assertEquals(await runOut(app, "app"), "hello from builder\nchanged\n");
  const images = await (await call(app, "GET", "/images/json")).json();
  assertConforms("ImageList", 200, images);
  // Like dockerd: step images are hidden; the builder stage's image (of the first and the nocache
  // build) and the app image the last build replaced stay as dangling `<none>` images.
  const untagged = images.filter((i: { RepoTags: string[] }) => i.RepoTags.length === 0);
  assertEquals(untagged.length, 3, JSON.stringify(images));
  const all = await (await call(app, "GET", "/images/json?all=1")).json();
  assert(all.length > images.length + 5, "step images are listed with all=1");
});

Deno.test("build args, labels, config instructions and ONBUILD", async () => {
  const { app } = testApp();
  const dockerfile = `FROM alpine
ARG VERSION=1
ENV APP_VERSION=\${VERSION} HOME_DIR=/srv
LABEL stage=base version=$VERSION
EXPOSE 8080
USER nobody
STOPSIGNAL SIGINT
HEALTHCHECK --interval=5s CMD true
VOLUME /data
ONBUILD RUN echo triggered > /triggered
ENTRYPOINT ["echo"]
`;
  const args = encodeURIComponent(JSON.stringify({ VERSION: "2.5" }));
  const labels = encodeURIComponent(JSON.stringify({ team: "core" }));
  await lines(
    await build(
      app,
      [{ name: "Dockerfile", body: dockerfile }],
      `t=base&buildargs=${args}&labels=${labels}`,
    ),
  );
  const inspect = await (await call(app, "GET", "/images/base/json")).json();
  assertConforms("ImageInspect", 200, inspect);
  const c = inspect.Config;
  assert(c.Env.includes("APP_VERSION=2.5"), c.Env);
  assertEquals(c.Labels, { stage: "base", version: "2.5", team: "core" });
  assertEquals(Object.keys(c.ExposedPorts), ["8080/tcp"]);
  assertEquals([c.User, c.StopSignal, c.Entrypoint], ["nobody", "SIGINT", ["echo"]]);
  assertEquals(c.Healthcheck, { Test: ["CMD-SHELL", "true"], Interval: 5e9 });
  assertEquals(c.OnBuild, ["RUN echo triggered > /triggered"]);
  const child = streamText(
    await lines(
      await build(app, [{
        name: "Dockerfile",
        body: 'FROM base\nENTRYPOINT []\nCMD ["cat", "/triggered"]\n',
      }], "t=child"),
    ),
  );
  assertStringIncludes(child, "# Executing 1 build trigger\n");
  assertEquals(await runOut(app, "child"), "triggered\n");
});

Deno.test("a build publishes its intermediate containers' events and the image tag", async () => {
  const { app, backend } = testApp();
  await lines(await build(app, [{ name: "Dockerfile", body: "FROM alpine\nRUN true\n" }], "t=ev"));
  const seen = backend.events.history().map((e) => `${e.Type} ${e.Action}`);
  const from = seen.indexOf("container create");
  assertEquals(seen.slice(from, from + 4), [
    "container create",
    "container start",
    "container die",
    "container destroy",
  ]);
  assert(seen.includes("image tag"), seen.join(", "));
});

Deno.test("a failing RUN ends the stream with dockerd's message and tags nothing", async () => {
  const { app } = testApp();
  const res = await build(app, [{
    name: "Dockerfile",
    body: "FROM alpine\nRUN echo before\nRUN exit 3\n",
  }], "t=broken");
  assertEquals(res.status, 200);
  const messages = await lines(res);
  assertStringIncludes(streamText(messages), "before\n");
  const last = messages[messages.length - 1];
  const message = "The command '/bin/sh -c exit 3' returned a non-zero code: 3";
  assertEquals(last, { errorDetail: { message }, error: message });
  assertEquals((await call(app, "GET", "/images/broken/json")).status, 404);
  await (await call(app, "GET", "/images/broken/json")).text();
  assertEquals((await (await call(app, "GET", "/containers/json?all=1")).json()).length, 0);
});

Deno.test("bad Dockerfiles and contexts answer clear errors", async () => {
  const { app } = testApp();
  const unknown = await build(app, [{
    name: "Dockerfile",
    body: "FROM alpine\nRUN true\nFOO bar\n",
  }]);
  assertEquals(unknown.status, 400);
  assertEquals(
    (await unknown.json()).message,
    "Dockerfile parse error line 3: unknown instruction: FOO",
  );
  const none = await build(app, [{ name: "other", body: "" }]);
  assertEquals(none.status, 400);
  assertStringIncludes(
    (await none.json()).message,
    "Cannot locate specified Dockerfile: Dockerfile",
  );
  const missing = await lines(
    await build(app, [{ name: "Dockerfile", body: "FROM alpine\nCOPY missing.txt /\n" }]),
  );
  assertEquals(
    missing[missing.length - 1].error,
    "COPY failed: file not found in build context or excluded by .dockerignore: stat missing.txt: file does not exist",
  );
  const outside = await lines(
    await build(app, [{ name: "Dockerfile", body: "FROM alpine\nCOPY ../etc/passwd /\n" }]),
  );
  assertStringIncludes(
    String(outside[outside.length - 1].error),
    "forbidden path outside the build context",
  );
  const climbing = await build(app, [{ name: "Dockerfile", body: "FROM alpine\n" }, {
    name: "../evil",
    body: "x",
  }]);
  assertEquals(climbing.status, 400);
  await climbing.text();
  const badArgs = await build(
    app,
    [{ name: "Dockerfile", body: "FROM alpine\n" }],
    "buildargs=nope",
  );
  assertEquals(badArgs.status, 400);
  await badArgs.text();
});

Deno.test(".dockerignore, symlinks kept as links, ADD of a tar, COPY --chown and wildcards", async () => {
  const { app } = testApp();
  const inner = new TextDecoder("latin1").decode(
    makeTar([{ name: "pkg/inside.txt", body: "from tar\n" }]),
  );
  const dockerfile = `FROM alpine
COPY *.txt /files/
COPY --chown=nobody:nobody link /files/link
ADD bundle.tar /unpacked/
CMD ["sh", "-c", "ls /files; readlink /files/link; cat /unpacked/pkg/inside.txt; stat -c %u /files/link"]
`;
  const res = await build(app, [
    { name: "Dockerfile", body: dockerfile },
    { name: ".dockerignore", body: "secret.txt\n" },
    { name: "a.txt", body: "a" },
    { name: "secret.txt", body: "s" },
    { name: "link", type: "symlink", linkname: "/etc/shadow" },
    { name: "bundle.tar", body: inner },
  ], "t=files");
  const messages = await lines(res);
  assert(!messages.some((m) => m.error), JSON.stringify(messages));
  const out = await runOut(app, "files");
  assertStringIncludes(out, "a.txt\nlink\n/etc/shadow\nfrom tar\n");
  assert(!out.includes("secret.txt"), out);
});

Deno.test("history: CMD and ENTRYPOINT as dockerd prints their argv, $VAR kept; ENV and LABEL substituted", async () => {
  const { app } = testApp();
  const dockerfile = 'FROM alpine\nENV A=1\nLABEL v=$A\nENTRYPOINT ["sh", "-c"]\nCMD echo $A\n';
  await lines(await build(app, [{ name: "Dockerfile", body: dockerfile }], "t=hist"));
  const history = await (await call(app, "GET", "/images/hist/history")).json();
  const steps = history.map((h: { CreatedBy: string }) => h.CreatedBy).slice(0, 4);
  assertEquals(steps, [
    '/bin/sh -c #(nop)  CMD ["/bin/sh" "-c" "echo $A"]',
    '/bin/sh -c #(nop)  ENTRYPOINT ["sh" "-c"]',
    "/bin/sh -c #(nop)  LABEL v=1",
    "/bin/sh -c #(nop)  ENV A=1",
  ]);
});

Deno.test("a build for another platform pulls its base for that platform, as dockerd's builder", async () => {
  const { app } = testApp();
  await (await call(app, "POST", "/images/create?fromImage=alpine&tag=latest")).text();
  const res = await build(
    app,
    [{ name: "Dockerfile", body: "FROM alpine\n" }],
    "platform=linux/arm64",
  );
  const last = (await lines(res)).at(-1);
  assertEquals(last?.error, "no matching manifest for linux/arm64 in the manifest list entries");
  const same = await build(
    app,
    [{ name: "Dockerfile", body: "FROM alpine\n" }],
    "platform=linux/amd64",
  );
  assertEquals((await lines(same)).some((l) => "error" in l), false);
});
