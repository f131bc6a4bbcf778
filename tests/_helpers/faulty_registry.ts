/**
 * @module
 * An in-process registry (`Deno.serve` on a free loopback port) serving one image, `app:v1`
 * (two gzip layers, the second with a 300 kB file), that can misbehave: answer 500, cut the
 * second layer short, serve it with one byte changed (a digest mismatch), or hold it back until
 * the test releases it (`held`, to see what a pull does while it runs).
 */

import { makeTar } from "./tar.ts";

/** How the registry misbehaves. */
export type Fault = "none" | "500" | "truncated" | "mismatch" | "held";

/** A running fake registry. */
export interface FaultyRegistry {
  domain: string;
  /** Changes the fault from now on. */
  fault: Fault;
  /** Serves the held layer to the requests waiting for it, and at once from then on. */
  release(): void;
  [Symbol.asyncDispose](): Promise<void>;
}

async function sha256(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const hash = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return `sha256:${Array.from(hash, (b) => b.toString(16).padStart(2, "0")).join("")}`;
}

async function gzip(bytes: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Pseudo-random text that does not compress away. */
function noise(size: number): string {
  let x = 7;
  return Array.from({ length: size }, () => {
    x = (x * 1103515245 + 12345) >>> 0;
    return String.fromCharCode(97 + (x >>> 24) % 26);
  }).join("");
}

/** Starts the registry. */
export async function startFaultyRegistry(fault: Fault = "none"): Promise<FaultyRegistry> {
  const tars = [
    makeTar([{ name: "etc/", type: "dir" }, { name: "etc/app.conf", body: "mode=test\n" }]),
    makeTar([{ name: "data.txt", body: noise(300_000) }]),
  ];
  const blobs = await Promise.all(tars.map(gzip));
  const config = new TextEncoder().encode(JSON.stringify({
    architecture: "amd64",
    os: "linux",
    config: { Env: ["PATH=/bin"], Cmd: ["sh"], Labels: { origin: "fake" } },
    rootfs: { type: "layers", diff_ids: await Promise.all(tars.map(sha256)) },
  }));
  const blobStore = new Map<string, Uint8Array<ArrayBuffer>>();
  for (const b of [...blobs, config]) blobStore.set(await sha256(b), b);
  const layerDigests = await Promise.all(blobs.map(sha256));
  const manifest = new TextEncoder().encode(JSON.stringify({
    schemaVersion: 2,
    mediaType: "application/vnd.docker.distribution.manifest.v2+json",
    config: {
      mediaType: "application/vnd.docker.container.image.v1+json",
      digest: await sha256(config),
      size: config.byteLength,
    },
    layers: blobs.map((b, i) => ({
      mediaType: "application/vnd.docker.image.rootfs.diff.tar.gzip",
      digest: layerDigests[i],
      size: b.byteLength,
    })),
  }));
  const registry = { fault } as FaultyRegistry;
  const released = Promise.withResolvers<void>();
  registry.release = () => released.resolve();
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (req) => {
    const path = new URL(req.url).pathname;
    if (path === "/v2/") return Response.json({});
    if (registry.fault === "500" && path.includes("/manifests/")) {
      return new Response("boom", { status: 500 });
    }
    if (path === "/v2/app/manifests/v1") {
      return new Response(manifest, {
        headers: { "content-type": "application/vnd.docker.distribution.manifest.v2+json" },
      });
    }
    const digest = path.replace("/v2/app/blobs/", "");
    const blob = blobStore.get(digest);
    if (!blob) return Response.json({ errors: [{ code: "BLOB_UNKNOWN" }] }, { status: 404 });
    if (digest === layerDigests[1] && registry.fault === "held") await released.promise;
    if (digest === layerDigests[1] && registry.fault === "truncated") {
      return new Response(blob.slice(0, blob.byteLength >> 1));
    }
    if (digest === layerDigests[1] && registry.fault === "mismatch") {
      const bad = blob.slice();
      bad[bad.byteLength >> 1] ^= 0xff;
      return new Response(bad);
    }
    return new Response(blob);
  });
  registry.domain = `127.0.0.1:${server.addr.port}`;
  // Shutting down waits for the requests in flight, so a held one is let go first.
  registry[Symbol.asyncDispose] = () => {
    registry.release();
    return server.shutdown();
  };
  return registry;
}
