import { assert, assertEquals, assertRejects } from "../../tests/_helpers/assert.ts";
import { startRegistry } from "../../tests/_helpers/registry.ts";
import { sha256Digest } from "./digest.ts";
import { gzipStream } from "./layer_digest.ts";
import { MediaType } from "./manifest.ts";
import { shortId } from "./progress.ts";
import { pullImage } from "./pull.ts";
import { pushImage } from "./push.ts";
import {
  filesOf,
  pushLayers,
  rawPutBlob,
  rawPutManifest,
  readAll,
  recorder,
  testImage,
} from "./_test_image.ts";

Deno.test("registry: push and pull against a real docker-registry", async (t) => {
  await using registry = await startRegistry();
  const name = `${registry.domain}/team/app`;
  const image = await testImage([
    { "etc/os-release": "ID=sockerless\n", "bin/hello": "#!/bin/sh\necho hi\n" },
    { "srv/data.bin": new Uint8Array(300_000).map((_, i) => (i * 7919) % 251) },
  ]);
  const ids = image.diffIds.map(shortId);
  let pushed = "";
  async function push(ref: string, layers = pushLayers(image)) {
    const rec = recorder();
    const result = await pushImage(ref, {
      config: image.config,
      layers,
      onProgress: rec.onProgress,
    });
    return { result, rec };
  }

  await t.step("push reports Docker's progress and returns the manifest digest", async () => {
    const { result, rec } = await push(`${name}:v1`);
    pushed = result.digest;
    assertEquals(result.digest, sha256Digest(result.manifest));
    assertEquals(rec.statuses()[0], `The push refers to repository [${name}]`);
    for (const id of ids) {
      const s = rec.statuses(id);
      assertEquals([s[0], s.at(-1)], ["Preparing", "Pushed"], id);
      assert(s.includes("Pushing"), `no Pushing for ${id}`);
    }
    assertEquals(rec.statuses().at(-2), `v1: digest: ${result.digest} size: ${result.size}`);
    assertEquals(rec.events.at(-1), {
      kind: "aux",
      tag: "v1",
      digest: result.digest,
      size: result.size,
    });
  });

  await t.step("pull returns the same config, digests and tar bytes", async () => {
    const rec = recorder();
    const pulled = await pullImage(`${name}:v1`, { onProgress: rec.onProgress });
    assertEquals(pulled.manifestDigest, pushed);
    assertEquals(pulled.configBytes, image.config);
    assertEquals(pulled.configDigest, sha256Digest(image.config));
    assertEquals(pulled.layers.map((l) => l.diffId), image.diffIds);
    for (const [i, layer] of pulled.layers.entries()) {
      assertEquals(layer.mediaType, MediaType.dockerLayerGzip);
      const tar = await readAll(layer.open());
      assertEquals(sha256Digest(tar), image.diffIds[i]);
      assertEquals(tar, image.tars[i]);
    }
    assertEquals(
      (await filesOf(await readAll(pulled.layers[0].open())))["etc/os-release"],
      "ID=sockerless\n",
    );
    pulled.finish();
    const id = shortId(pulled.layers[1].digest);
    const statuses = rec.statuses(id).filter((s) => s !== "Downloading");
    assertEquals(statuses.slice(0, 4), [
      "Pulling fs layer",
      "Verifying Checksum",
      "Download complete",
      "Pull complete",
    ]);
    assertEquals(rec.statuses()[0], "Pulling from team/app");
    assertEquals(rec.statuses().slice(-2), [
      `Digest: ${pushed}`,
      `Status: Downloaded newer image for ${name}:v1`,
    ]);
  });

  await t.step("pushing again is stable; known blobs are not uploaded again", async () => {
    const { result: again } = await push(`${name}:v2`);
    assertEquals(again.digest, pushed);
    const knownLayers = again.layers.map((d, i) => ({ ...pushLayers(image)[i], ...d }));
    const cached = await push(`${registry.domain}/team/app:v3`, knownLayers);
    assertEquals(cached.result.digest, pushed);
    for (const id of ids) {
      assertEquals(cached.rec.statuses(id), ["Preparing", "Layer already exists"]);
    }
    const other = await push(`${registry.domain}/other/app:v1`, knownLayers);
    for (const id of ids) {
      const s = other.rec.statuses(id);
      assertEquals([s[0], s.at(-1)], ["Preparing", "Pushed"], "known digest, absent blob");
    }
    const byDigest = await pullImage(`${name}@${pushed}`);
    assertEquals(byDigest.manifestDigest, pushed);
  });

  await t.step("gzip blobs given as is are pushed unchanged", async () => {
    const blobs = await Promise.all(
      image.tars.map((tar) => readAll(gzipStream(ReadableStream.from([tar])))),
    );
    const layers = blobs.map((blob) => ({
      open: () => ReadableStream.from([blob]),
      compressed: true,
      digest: sha256Digest(blob),
      size: blob.byteLength,
    }));
    const result = await pushImage(`${registry.domain}/gz/app:v1`, {
      config: image.config,
      layers,
    });
    assertEquals(result.digest, pushed);
    await assertRejects(
      () =>
        pushImage(`${registry.domain}/gz/app:v2`, {
          config: image.config,
          layers: blobs.map((blob) => ({
            open: () => ReadableStream.from([blob]),
            compressed: true,
          })),
        }),
      "a compressed layer needs its digest and size",
    );
  });

  await t.step("a diff_id that does not match the config is refused", async () => {
    const other = await testImage([{ a: "1" }, { b: "2" }]);
    await assertRejects(
      () => pushImage(`${name}:bad`, { config: other.config, layers: pushLayers(image) }),
      "does not match the config",
    );
    await assertRejects(() => pullImage(`${name}:bad`), "manifest unknown");
  });

  await t.step(
    "a layer that is not what it claims, or fails to read, aborts the push",
    async () => {
      const tar = image.tars[0];
      const lying = { open: () => ReadableStream.from([tar]), digest: sha256Digest(tar), size: 5 };
      const err = await assertRejects(() => push(`${name}:lie`, [lying, lying]), "is larger than");
      assertEquals((err as { kind?: string }).kind, "System");
      const failing = {
        open: () =>
          new ReadableStream<Uint8Array>({
            start(c) {
              c.enqueue(tar.slice(0, 100));
              c.error(new Error("disk on fire"));
            },
          }),
      };
      await assertRejects(
        () => push(`${name}:fire`, [failing, failing]),
        "failed to read the upload: disk on fire",
      );
      await assertRejects(
        () => push(`${name}:short`, [pushLayers(image)[0]]),
        "image config lists 2 diff_ids for 1 layers",
      );
      for (const tag of ["lie", "fire"]) {
        await assertRejects(() => pullImage(`${name}:${tag}`), "manifest unknown");
      }
    },
  );

  await t.step("unknown tags and repositories are NotFound in dockerd's words", async () => {
    const err = await assertRejects(
      () => pullImage(`${name}:nope`),
      `manifest for ${name}:nope not found: manifest unknown`,
    );
    assertEquals((err as { kind?: string }).kind, "NotFound");
    const missing = await assertRejects(
      () => pullImage(`${registry.domain}/ghost`),
      `manifest for ${registry.domain}/ghost:latest not found: manifest unknown: manifest unknown`,
    );
    assertEquals((missing as { kind?: string }).kind, "NotFound");
  });

  for (
    const [kind, list, child] of [
      ["an OCI index", MediaType.ociIndex, MediaType.ociManifest],
      ["a Docker manifest list", MediaType.dockerList, MediaType.dockerManifest],
    ]
  ) {
    await t.step(`${kind} selects the platform; layers may be uncompressed`, async () => {
      await multiPlatform(registry.url, registry.domain, list, child);
    });
  }
});

/** Pushes an amd64 and an arm64 image under one list, then pulls each platform back. */
async function multiPlatform(url: string, domain: string, list: string, child: string) {
  const docker = child === MediaType.dockerManifest;
  const path = `multi/${docker ? "docker" : "oci"}`;
  const entries = [];
  for (const arch of ["amd64", "arm64"]) {
    const img = await testImage([{ arch: arch }], arch);
    // OCI children carry an uncompressed layer, Docker ones a gzip layer.
    const blob = docker ? await readAll(gzipStream(ReadableStream.from(img.tars))) : img.tars[0];
    const manifest = {
      schemaVersion: 2,
      mediaType: child,
      config: {
        mediaType: docker ? MediaType.dockerConfig : MediaType.ociConfig,
        digest: await rawPutBlob(url, path, img.config),
        size: img.config.byteLength,
      },
      layers: [{
        mediaType: docker ? MediaType.dockerLayerGzip : MediaType.ociLayer,
        digest: await rawPutBlob(url, path, blob),
        size: blob.byteLength,
      }],
    };
    entries.push({
      mediaType: child,
      digest: await rawPutManifest(url, path, undefined, manifest),
      size: new TextEncoder().encode(JSON.stringify(manifest)).byteLength,
      platform: { os: "linux", architecture: arch },
    });
  }
  const index = { schemaVersion: 2, mediaType: list, manifests: entries };
  const indexDigest = await rawPutManifest(url, path, "multi", index);
  const ref = `${domain}/${path}:multi`;
  for (const [platform, arch] of [[undefined, "amd64"], ["linux/arm64", "arm64"]]) {
    const pulled = await pullImage(ref, { platform });
    assertEquals(pulled.manifestDigest, indexDigest);
    assertEquals(pulled.config.architecture, arch);
    assertEquals(
      pulled.layers[0].mediaType,
      docker ? MediaType.dockerLayerGzip : MediaType.ociLayer,
    );
    assertEquals(await filesOf(await readAll(pulled.layers[0].open())), { arch: arch! });
  }
  const err = await assertRejects(
    () => pullImage(ref, { platform: "linux/s390x" }),
    "no matching manifest for linux/s390x",
  );
  assertEquals((err as { kind?: string }).kind, "NotFound");
}
