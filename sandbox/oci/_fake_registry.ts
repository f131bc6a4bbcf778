/**
 * @module
 * An in-process fake registry (`Deno.serve` on 127.0.0.1:0) serving one image at `app:v1`, for
 * fault injection: a `fault` hook may answer any request instead, and `bearer` puts the API
 * behind a token server that records what it was asked.
 */

import { sha256Digest } from "./digest.ts";
import { MediaType } from "./manifest.ts";
import { readAll, type TestImage, testImage } from "./_test_image.ts";
import { gzipStream } from "./layer_digest.ts";

/** What the fake serves and records. */
export interface FakeRegistry {
  domain: string;
  image: TestImage;
  /** The gzip blobs of the layers, in order. */
  blobs: Uint8Array[];
  layerDigests: string[];
  manifestDigest: string;
  /** Query and Authorization header of each token request. */
  tokenRequests: { query: string; authorization: string | null; body: string }[];
  [Symbol.asyncDispose](): Promise<void>;
}

/** Options of the fake registry. */
export interface FakeOptions {
  /** Answers a request instead of the fake when it returns a Response. */
  fault?: (url: URL, fake: FakeRegistry) => Response | undefined;
  /** Require this bearer token; the token server refuses `Basic` credentials other than `good`. */
  bearer?: { token: string; good?: string };
  /** Replace the image config (to lie about diff_ids). */
  config?: Uint8Array;
}

/** Incompressible bytes (a linear congruential sequence). */
function noise(size: number): Uint8Array {
  let x = 12345;
  return new Uint8Array(size).map(() => (x = (x * 1103515245 + 12345) >>> 0) >>> 24);
}

/** Starts the fake registry. */
export async function startFakeRegistry(options: FakeOptions = {}): Promise<FakeRegistry> {
  const image = await testImage([{ "a.txt": "alpha\n" }, { "b.bin": noise(100_000) }]);
  if (options.config) image.config = options.config;
  const blobs = await Promise.all(
    image.tars.map((t) => readAll(gzipStream(ReadableStream.from([t])))),
  );
  const layerDigests = blobs.map(sha256Digest);
  const store = new Map<string, Uint8Array>(blobs.map((b, i) => [layerDigests[i], b]));
  store.set(sha256Digest(image.config), image.config);
  const manifest = new TextEncoder().encode(JSON.stringify({
    schemaVersion: 2,
    mediaType: MediaType.dockerManifest,
    config: {
      mediaType: MediaType.dockerConfig,
      digest: sha256Digest(image.config),
      size: image.config.byteLength,
    },
    layers: blobs.map((b, i) => ({
      mediaType: MediaType.dockerLayerGzip,
      digest: layerDigests[i],
      size: b.byteLength,
    })),
  }));
  const manifestDigest = sha256Digest(manifest);
  const fake = {} as FakeRegistry;
  const server = Deno.serve({
    hostname: "127.0.0.1",
    port: 0,
    onListen() {},
    onError: () => new Response(null, { status: 500 }),
  }, async (req) => {
    const url = new URL(req.url);
    const injected = options.fault?.(url, fake);
    if (injected) return injected;
    const bearer = options.bearer;
    if (url.pathname === "/token" && bearer) {
      const authorization = req.headers.get("authorization");
      fake.tokenRequests.push({ query: url.search, authorization, body: await req.text() });
      if (authorization && bearer.good && authorization !== bearer.good) {
        return Response.json({ details: "incorrect username or password" }, { status: 401 });
      }
      return Response.json({ token: bearer.token });
    }
    if (bearer && req.headers.get("authorization") !== `Bearer ${bearer.token}`) {
      const realm = `http://${fake.domain}/token`;
      return Response.json({
        errors: [{ code: "UNAUTHORIZED", message: "authentication required" }],
      }, {
        status: 401,
        headers: { "www-authenticate": `Bearer realm="${realm}",service="fake"` },
      });
    }
    if (url.pathname === "/v2/") return Response.json({});
    if (url.pathname === "/v2/app/manifests/v1" || url.pathname.endsWith(manifestDigest)) {
      return new Response(manifest, { headers: { "content-type": MediaType.dockerManifest } });
    }
    const blob = store.get(url.pathname.replace("/v2/app/blobs/", ""));
    if (blob) return new Response(blob as Uint8Array<ArrayBuffer>);
    return Response.json({ errors: [{ code: "MANIFEST_UNKNOWN", message: "manifest unknown" }] }, {
      status: 404,
    });
  });
  const port = server.addr.port;
  Object.assign(fake, {
    domain: `127.0.0.1:${port}`,
    image,
    blobs,
    layerDigests,
    manifestDigest,
    tokenRequests: [],
    [Symbol.asyncDispose]: () => server.shutdown(),
  });
  return fake;
}
