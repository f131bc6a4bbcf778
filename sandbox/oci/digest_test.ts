import { assertEquals, assertRejects } from "../../tests/_helpers/assert.ts";
import { digestOf, sha256Digest, verifyingStream } from "./digest.ts";
import { diffIdStream, gzipStream, layerDigests } from "./layer_digest.ts";
import { readAll, tarOf } from "./_test_image.ts";

const EMPTY = "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

function chunks(...parts: string[]): ReadableStream<Uint8Array> {
  return ReadableStream.from(parts.map((p) => new TextEncoder().encode(p)));
}

Deno.test("digest: sha256 of bytes and of streams agree", async () => {
  assertEquals(sha256Digest(new Uint8Array()), EMPTY);
  const whole = sha256Digest(new TextEncoder().encode("hello world"));
  assertEquals(await digestOf(chunks("hello", " ", "world")), { digest: whole, size: 11 });
});

Deno.test("digest: a verifying stream passes good content through", async () => {
  const digest = sha256Digest(new TextEncoder().encode("abcdef"));
  let verified = false;
  const out = chunks("abc", "def")
    .pipeThrough(verifyingStream({ digest, size: 6, onVerified: () => verified = true }));
  assertEquals(new TextDecoder().decode(await readAll(out)), "abcdef");
  assertEquals(verified, true);
});

Deno.test("digest: short, long and corrupted content error the stream", async () => {
  const digest = sha256Digest(new TextEncoder().encode("abcdef"));
  const read = (s: ReadableStream<Uint8Array>, size?: number) =>
    readAll(s.pipeThrough(verifyingStream({ digest, size })));
  await assertRejects(() => read(chunks("abc"), 6), "unexpected EOF");
  await assertRejects(() => read(chunks("abcdefg"), 6), "larger than the 6 bytes announced");
  await assertRejects(() => read(chunks("abcdeX"), 6), `digest mismatch for ${digest}`);
  await assertRejects(() => read(chunks("abcdeX")), "digest mismatch");
  await assertRejects(() => verifyingStream({ digest: "sha512:00" }), "unsupported digest");
});

Deno.test("digest: the last chunk is held back until verified", async () => {
  const digest = sha256Digest(new TextEncoder().encode("abcdef"));
  const seen: string[] = [];
  const out = chunks("abc", "deX").pipeThrough(verifyingStream({ digest }));
  await assertRejects(async () => {
    for await (const chunk of out) seen.push(new TextDecoder().decode(chunk));
  }, "digest mismatch");
  assertEquals(seen, ["abc"]);
});

Deno.test("layer digests: diff_id of the tar and digest of its gzip blob, in one pass", async () => {
  const tar = await tarOf({ "etc/hostname": "box\n" });
  const digests = await layerDigests(ReadableStream.from([tar]));
  const blob = await readAll(gzipStream(ReadableStream.from([tar])));
  assertEquals(digests, {
    diffId: sha256Digest(tar),
    tarSize: tar.byteLength,
    digest: sha256Digest(blob),
    size: blob.byteLength,
  });
  const again = await layerDigests(ReadableStream.from([tar]));
  assertEquals(again.digest, digests.digest, "gzip output is deterministic");
  const { stream, diffId } = diffIdStream(ReadableStream.from([tar]));
  assertEquals(await readAll(stream), tar);
  assertEquals(await diffId, { digest: sha256Digest(tar), size: tar.byteLength });
});
