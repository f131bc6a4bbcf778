/**
 * @module
 * Test fixtures: small images built in the test (tar layers with fixed timestamps, a config whose
 * `diff_ids` match), stream helpers and a progress recorder.
 */

import { packTar, unpackTar } from "modern-tar";
import { sha256Digest } from "./digest.ts";
import type { PushLayer } from "./push.ts";
import type { ProgressEvent } from "./progress.ts";

/** An image built in memory: its config bytes and its layer tars. */
export interface TestImage {
  config: Uint8Array;
  tars: Uint8Array[];
  diffIds: string[];
}

/** A tar with the given files, deterministic (mtime 0). */
export function tarOf(files: Record<string, string | Uint8Array>): Promise<Uint8Array> {
  return packTar(
    Object.entries(files).map(([name, body]) => {
      const data = typeof body === "string" ? new TextEncoder().encode(body) : body;
      return {
        header: {
          name,
          size: data.byteLength,
          type: "file" as const,
          mode: 0o644,
          mtime: new Date(0),
        },
        body: data,
      };
    }),
  );
}

/** An image with one layer per file map, for `architecture` (amd64 by default). */
export async function testImage(
  layers: Record<string, string | Uint8Array>[],
  architecture = "amd64",
): Promise<TestImage> {
  const tars = await Promise.all(layers.map(tarOf));
  const diffIds = tars.map(sha256Digest);
  const config = new TextEncoder().encode(JSON.stringify({
    architecture,
    os: "linux",
    config: { Cmd: ["sh"], Env: ["PATH=/bin"] },
    rootfs: { type: "layers", diff_ids: diffIds },
  }));
  return { config, tars, diffIds };
}

/** Push inputs for an image's tars (each `open()` yields the tar afresh). */
export function pushLayers(image: TestImage): PushLayer[] {
  return image.tars.map((tar) => ({ open: () => ReadableStream.from([tar]) }));
}

/** Reads a stream into one array. */
export async function readAll(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** The files of a tar as name → text. */
export async function filesOf(tar: Uint8Array): Promise<Record<string, string>> {
  const entries = await unpackTar(tar);
  return Object.fromEntries(
    entries.map((e) => [e.header.name, new TextDecoder().decode(e.data ?? new Uint8Array())]),
  );
}

/** Records progress events; `statuses(id)` lists one layer's statuses in order. */
export function recorder() {
  const events: ProgressEvent[] = [];
  return {
    events,
    onProgress: (e: ProgressEvent) => void events.push(e),
    statuses: (id?: string) =>
      events
        .filter((e) => id === undefined || ("id" in e && e.id === id))
        .map((e) => e.kind === "aux" ? "aux" : e.status),
  };
}

/** Uploads a blob with plain fetch (no library code), returning its digest. */
export async function rawPutBlob(base: string, path: string, bytes: Uint8Array): Promise<string> {
  const digest = sha256Digest(bytes);
  const start = await fetch(`${base}/v2/${path}/blobs/uploads/`, { method: "POST" });
  await start.body?.cancel();
  const url = new URL(start.headers.get("location")!, base);
  url.searchParams.set("digest", digest);
  const put = await fetch(url, { method: "PUT", body: bytes as Uint8Array<ArrayBuffer> });
  await put.body?.cancel();
  if (put.status !== 201) throw new Error(`blob upload failed: ${put.status}`);
  return digest;
}

/** Puts a manifest with plain fetch under a tag or digest, returning its digest. */
export async function rawPutManifest(
  base: string,
  path: string,
  target: string | undefined,
  manifest: Record<string, unknown>,
): Promise<string> {
  const bytes = new TextEncoder().encode(JSON.stringify(manifest));
  const digest = sha256Digest(bytes);
  const res = await fetch(`${base}/v2/${path}/manifests/${target ?? digest}`, {
    method: "PUT",
    headers: { "content-type": String(manifest.mediaType) },
    body: bytes,
  });
  const text = await res.text();
  if (res.status !== 201) throw new Error(`manifest upload failed: ${res.status} ${text}`);
  return digest;
}
