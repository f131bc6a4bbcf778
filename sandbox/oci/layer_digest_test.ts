/** The gzip blob of a layer depends on its bytes only, not on how they were chunked. */
import { assertEquals } from "../../tests/_helpers/assert.ts";
import { layerDigests } from "./layer_digest.ts";

Deno.test("layer blob digests do not depend on the tar's chunking", async () => {
  const tar = new Uint8Array(3_000_000).map((_, i) => (i * 7919) % 251);
  const chunked = (size: number) => {
    const parts: Uint8Array[] = [];
    for (let i = 0; i < tar.byteLength; i += size) parts.push(tar.subarray(i, i + size));
    return ReadableStream.from(parts);
  };
  const whole = await layerDigests(chunked(tar.byteLength));
  assertEquals(await layerDigests(chunked(512)), whole);
  assertEquals(await layerDigests(chunked(65_536 + 3)), whole);
  assertEquals(whole.tarSize, tar.byteLength);
});
