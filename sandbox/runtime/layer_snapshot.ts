/**
 * @module
 * A container's writable layer as bytes for the data root: a CRC-framed JSON header (paths,
 * metadata, whiteouts, where each file's bytes start) followed by the file bytes, with a sha256
 * of those bytes in the header. Files whose bytes are the image's are not repeated.
 */

import { createHash } from "node:crypto";
import * as zlib from "node:zlib";
import type { FsNode } from "../fs/_node.ts";
import type { UpperSnapshot } from "../fs/layer_fs.ts";

/** The header's frame: length and masked CRC-32, as the daemon's record logs frame records. */
const FRAME = 8;
const CRC_MASK = 0xa282ead8;
/** zlib's CRC-32 (Deno has it; its `node:zlib` types do not declare it yet). */
const crc32 = (zlib as unknown as { crc32(bytes: Uint8Array): number }).crc32;

function frame(text: string): Uint8Array {
  const body = new TextEncoder().encode(text);
  const out = new Uint8Array(FRAME + body.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, body.length);
  view.setUint32(4, (crc32(body) ^ CRC_MASK) >>> 0);
  out.set(body, FRAME);
  return out;
}

/** The framed header at the start of `bytes` and where it ends, or undefined when torn. */
function unframe(bytes: Uint8Array): { text: string; end: number } | undefined {
  if (bytes.byteLength < FRAME) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = FRAME + view.getUint32(0);
  if (end > bytes.byteLength) return undefined;
  const body = bytes.subarray(FRAME, end);
  if (((crc32(body) ^ CRC_MASK) >>> 0) !== view.getUint32(4)) return undefined;
  return { text: new TextDecoder().decode(body), end };
}

interface HeaderEntry {
  path: string;
  kind: FsNode["kind"];
  mode: number;
  mtime: number;
  uid: number;
  gid: number;
  target?: string;
  device?: FsNode["device"];
  sharesLower: boolean;
  /** Offset and length of the file's bytes in the body. */
  at?: number;
  length?: number;
}

interface Header {
  v: 1;
  entries: HeaderEntry[];
  whiteouts: string[];
  opaque: string[];
  bodySha256: string;
}

/** The bytes of a snapshot. */
export function encodeLayer(snapshot: UpperSnapshot): Uint8Array {
  const blobs: Uint8Array[] = [];
  let at = 0;
  const entries: HeaderEntry[] = snapshot.entries.map(({ path, node, sharesLower }) => {
    const { data: _d, mtime, ...meta } = node;
    const entry: HeaderEntry = { path, ...meta, mtime: mtime.getTime(), sharesLower };
    if (node.data && !sharesLower) {
      entry.at = at;
      entry.length = node.data.byteLength;
      blobs.push(node.data);
      at += node.data.byteLength;
    }
    return entry;
  });
  const body = new Uint8Array(at);
  let offset = 0;
  for (const blob of blobs) {
    body.set(blob, offset);
    offset += blob.byteLength;
  }
  const header: Header = {
    v: 1,
    entries,
    whiteouts: snapshot.whiteouts,
    opaque: snapshot.opaque,
    bodySha256: createHash("sha256").update(body).digest("hex"),
  };
  const head = frame(JSON.stringify(header));
  const out = new Uint8Array(head.byteLength + body.byteLength);
  out.set(head);
  out.set(body, head.byteLength);
  return out;
}

/** The snapshot in `bytes`, or undefined when they are torn or corrupt. */
export function decodeLayer(bytes: Uint8Array): UpperSnapshot | undefined {
  const head = unframe(bytes);
  if (!head) return undefined;
  let header: Header;
  try {
    header = JSON.parse(head.text);
  } catch {
    return undefined;
  }
  const body = bytes.subarray(head.end);
  if (createHash("sha256").update(body).digest("hex") !== header.bodySha256) return undefined;
  return {
    entries: header.entries.map(({ path, sharesLower, at, length, mtime, ...meta }) => {
      const node: FsNode = { ...meta, mtime: new Date(mtime) };
      if (at !== undefined && length !== undefined) node.data = body.slice(at, at + length);
      return { path, node, sharesLower };
    }),
    whiteouts: header.whiteouts,
    opaque: header.opaque,
  };
}
