import { assert, assertEquals, assertRejects } from "../../tests/_helpers/assert.ts";
import { basicAuthorization } from "./auth.ts";
import { shortId } from "./progress.ts";
import { pullImage } from "./pull.ts";
import { verifyCredentials } from "./login.ts";
import { startFakeRegistry } from "./_fake_registry.ts";
import { readAll, recorder } from "./_test_image.ts";

const COMPLETE = ["Download complete", "Pull complete", "Verifying Checksum"];

function kindOf(err: Error): string | undefined {
  return (err as { kind?: string }).kind;
}

/** Pulls `app:v1`, reads layer `index` and returns the error and the layer's statuses. */
async function failingLayer(
  domain: string,
  index: number,
  digest: string,
  expected: string,
): Promise<{ err: Error; statuses: string[] }> {
  const rec = recorder();
  const image = await pullImage(`${domain}/app:v1`, { onProgress: rec.onProgress });
  const err = await assertRejects(() => readAll(image.layers[index].open()), expected);
  return { err, statuses: rec.statuses(shortId(digest)) };
}

Deno.test("faults: a registry answering 500 is a clear System error", async () => {
  await using fake = await startFakeRegistry({
    fault: (url) =>
      url.pathname.includes("/manifests/") ? new Response("boom", { status: 500 }) : undefined,
  });
  const err = await assertRejects(
    () => pullImage(`${fake.domain}/app:v1`),
    "received unexpected HTTP status: 500 Internal Server Error",
  );
  assertEquals(kindOf(err), "System");
});

Deno.test("faults: a 500 on a layer errors that layer's stream", async () => {
  await using fake = await startFakeRegistry({
    fault: (url, f) =>
      url.pathname.endsWith(f.layerDigests[1]) ? new Response(null, { status: 503 }) : undefined,
  });
  const { err, statuses } = await failingLayer(fake.domain, 1, fake.layerDigests[1], "503");
  assertEquals(kindOf(err), "Unavailable");
  assertEquals(statuses, ["Pulling fs layer"]);
});

Deno.test("faults: a short blob is unexpected EOF and never complete", async () => {
  await using fake = await startFakeRegistry({
    fault: (url, f) =>
      url.pathname.endsWith(f.layerDigests[1])
        ? new Response(f.blobs[1].slice(0, 1000) as Uint8Array<ArrayBuffer>)
        : undefined,
  });
  const { statuses } = await failingLayer(
    fake.domain,
    1,
    fake.layerDigests[1],
    `unexpected EOF: blob ${fake.layerDigests[1]} ended after 1000 of ${fake.blobs[1].byteLength}`,
  );
  assert(!statuses.some((s) => COMPLETE.includes(s)), `reported complete: ${statuses}`);
});

Deno.test("faults: a connection cut mid-blob errors the stream", async () => {
  await using fake = await startFakeRegistry({
    fault: (url, f) => {
      if (!url.pathname.endsWith(f.layerDigests[1])) return undefined;
      // The first 500 bytes, then the cut once the puller asks for more.
      let sent = false;
      const body = new ReadableStream<Uint8Array>({
        pull(c) {
          if (sent) return c.error(new Error("cut"));
          sent = true;
          c.enqueue(f.blobs[1].slice(0, 500));
        },
      });
      return new Response(body);
    },
  });
  const rec = recorder();
  const image = await pullImage(`${fake.domain}/app:v1`, { onProgress: rec.onProgress });
  let failed = false;
  try {
    await readAll(image.layers[1].open());
  } catch {
    failed = true;
  }
  assert(failed, "a cut connection must fail the layer");
  const statuses = rec.statuses(shortId(fake.layerDigests[1]));
  assert(!statuses.some((s) => COMPLETE.includes(s)), `reported complete: ${statuses}`);
});

Deno.test("faults: a corrupted blob fails verification", async () => {
  await using fake = await startFakeRegistry({
    fault: (url, f) => {
      if (!url.pathname.endsWith(f.layerDigests[0])) return undefined;
      const bad = f.blobs[0].slice();
      bad[bad.length - 5] ^= 0xff;
      return new Response(bad as Uint8Array<ArrayBuffer>);
    },
  });
  const { err, statuses } = await failingLayer(
    fake.domain,
    0,
    fake.layerDigests[0],
    `filesystem layer verification failed for digest ${fake.layerDigests[0]}`,
  );
  assertEquals(kindOf(err), "System");
  assert(!statuses.some((s) => COMPLETE.includes(s)), `reported complete: ${statuses}`);
});

Deno.test("faults: a config whose diff_id lies fails after the download", async () => {
  const config = new TextEncoder().encode(JSON.stringify({
    os: "linux",
    architecture: "amd64",
    rootfs: { type: "layers", diff_ids: [`sha256:${"0".repeat(64)}`, `sha256:${"1".repeat(64)}`] },
  }));
  await using fake = await startFakeRegistry({ config });
  const { statuses } = await failingLayer(
    fake.domain,
    0,
    fake.layerDigests[0],
    "does not match its diff_id",
  );
  assertEquals(statuses.filter((s) => s !== "Downloading"), [
    "Pulling fs layer",
    "Verifying Checksum",
    "Download complete",
  ]);
});

Deno.test("faults: connection refused is Unavailable", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  const err = await assertRejects(
    () => pullImage(`127.0.0.1:${port}/app:v1`),
    `Get "http://127.0.0.1:${port}/v2/": connect: connection refused`,
  );
  assertEquals(kindOf(err), "Unavailable");
});

Deno.test("faults: anonymous bearer-token flow", async () => {
  await using fake = await startFakeRegistry({ bearer: { token: "t0k3n" } });
  const image = await pullImage(`${fake.domain}/app:v1`);
  assertEquals(image.manifestDigest, fake.manifestDigest);
  assertEquals(await readAll(image.layers[0].open()), fake.image.tars[0]);
  assertEquals(fake.tokenRequests.length, 1, "one token per scope, reused");
  const query = new URLSearchParams(fake.tokenRequests[0].query);
  assertEquals([query.get("service"), query.get("scope")], ["fake", "repository:app:pull"]);
  assertEquals(fake.tokenRequests[0].authorization, null);
});

Deno.test("faults: bearer token with basic credentials, and login", async () => {
  const good = basicAuthorization("bob", "builder");
  await using fake = await startFakeRegistry({ bearer: { token: "t0k3n", good } });
  const auth = { username: "bob", password: "builder", serverAddress: fake.domain };
  const image = await pullImage(`${fake.domain}/app:v1`, { auth });
  assertEquals(image.layers.length, 2);
  assertEquals(fake.tokenRequests[0].authorization, good);
  assertEquals((await verifyCredentials(auth)).Status, "Login Succeeded");
  const err = await assertRejects(
    () => verifyCredentials({ ...auth, password: "wrong" }),
    "unauthorized: incorrect username or password",
  );
  assertEquals(kindOf(err), "Unauthorized");
});

Deno.test("faults: an identity token is exchanged as an OAuth refresh token", async () => {
  await using fake = await startFakeRegistry({ bearer: { token: "t0k3n" } });
  await pullImage(`${fake.domain}/app:v1`, { auth: { identityToken: "refresh-me" } });
  const form = new URLSearchParams(fake.tokenRequests[0].body);
  assertEquals(
    [form.get("grant_type"), form.get("refresh_token"), form.get("scope")],
    ["refresh_token", "refresh-me", "repository:app:pull"],
  );
});

Deno.test("faults: a 401 with a fresh challenge fetches a new token and retries once", async () => {
  let challenged = 0;
  await using fake = await startFakeRegistry({
    bearer: { token: "t0k3n" },
    fault: (url, f) => {
      if (!url.pathname.endsWith("/manifests/v1") || challenged++ > 0) return undefined;
      const realm = `http://${f.domain}/token`;
      return new Response(null, {
        status: 401,
        headers: {
          "www-authenticate":
            `Bearer realm="${realm}",service="fake",scope="repository:other:pull",error="invalid_token"`,
        },
      });
    },
  });
  const image = await pullImage(`${fake.domain}/app:v1`);
  assertEquals(image.manifestDigest, fake.manifestDigest);
  assertEquals(fake.tokenRequests.length, 2, "the rejected token was replaced");
  const retry = new URLSearchParams(fake.tokenRequests[1].query);
  assertEquals(retry.getAll("scope"), ["repository:app:pull", "repository:other:pull"]);
});
