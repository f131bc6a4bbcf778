import { assertEquals, assertRejects } from "../../tests/_helpers/assert.ts";
import {
  type Descriptor,
  formatPlatform,
  layerIsGzip,
  MediaType,
  parseManifest,
  parsePlatform,
  platformMatches,
  selectPlatform,
} from "./manifest.ts";

function entry(platform: string, digest: string): Descriptor {
  return {
    mediaType: MediaType.ociManifest,
    digest,
    size: 1,
    platform: parsePlatform(platform),
  };
}

const INDEX = {
  schemaVersion: 2 as const,
  manifests: [
    entry("linux/arm/v6", "sha256:armv6"),
    entry("linux/arm/v7", "sha256:armv7"),
    entry("linux/arm64/v8", "sha256:arm64"),
    entry("linux/amd64", "sha256:amd64"),
    entry("windows/amd64", "sha256:win"),
  ],
};

Deno.test("manifest: platform parsing and formatting", () => {
  assertEquals(parsePlatform(undefined), { os: "linux", architecture: "amd64" });
  assertEquals(parsePlatform("Linux/ARM64/v8"), {
    os: "linux",
    architecture: "arm64",
    variant: "v8",
  });
  assertEquals(formatPlatform(parsePlatform("linux/arm/v7")), "linux/arm/v7");
  assertRejects(() => parsePlatform("linux"), "invalid platform");
  assertRejects(() => parsePlatform("a/b/c/d"), "invalid platform");
});

Deno.test("manifest: selects a platform like containerd (default variants)", () => {
  const pick = (p: string) => selectPlatform(INDEX, parsePlatform(p), "x").digest;
  assertEquals(pick("linux/amd64"), "sha256:amd64");
  assertEquals(pick("linux/arm64"), "sha256:arm64");
  assertEquals(pick("linux/arm64/v8"), "sha256:arm64");
  assertEquals(pick("linux/arm"), "sha256:armv7");
  assertEquals(pick("linux/arm/v6"), "sha256:armv6");
  assertEquals(pick("windows/amd64"), "sha256:win");
  assertEquals(platformMatches(undefined, parsePlatform("linux/amd64")), false);
});

Deno.test("manifest: a missing platform is NotFound in dockerd's words", async () => {
  const err = await assertRejects(
    () => selectPlatform(INDEX, parsePlatform("linux/s390x"), "app:v1"),
    "no matching manifest for linux/s390x in the manifest list entries: app:v1",
  );
  assertEquals((err as { kind?: string }).kind, "NotFound");
});

Deno.test("manifest: parses images and indexes, rejects malformed ones", async () => {
  const enc = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));
  assertEquals(parseManifest(enc(INDEX), MediaType.ociIndex).kind, "index");
  const image = {
    schemaVersion: 2,
    mediaType: MediaType.dockerManifest,
    config: { mediaType: MediaType.dockerConfig, digest: "sha256:c", size: 2 },
    layers: [{ mediaType: MediaType.dockerLayerGzip, digest: "sha256:l", size: 3 }],
  };
  assertEquals(parseManifest(enc(image), null).kind, "image");
  await assertRejects(() => parseManifest(enc({ ...image, schemaVersion: 1 }), null), "schema");
  await assertRejects(() => parseManifest(enc({ ...image, layers: [{}] }), null), "invalid");
  await assertRejects(() => parseManifest(new TextEncoder().encode("{"), null), "not JSON");
});

Deno.test("manifest: layer compression by media type", async () => {
  assertEquals(layerIsGzip(MediaType.dockerLayerGzip), true);
  assertEquals(layerIsGzip(MediaType.ociLayerGzip), true);
  assertEquals(layerIsGzip(MediaType.ociLayer), false);
  await assertRejects(
    () => layerIsGzip("application/vnd.oci.image.layer.v1.tar+zstd"),
    "unsupported layer media type",
  );
});
