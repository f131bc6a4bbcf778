/**
 * @module
 * A container's writable layer as bytes for the data root: a CRC-framed JSON header (paths,
 * metadata, whiteouts, where each file's bytes start) followed by the file bytes, with a sha256
 * of those bytes in the header. Files whose bytes are the image's are not repeated.
 */

import { createHash } from "node:crypto";
import type { FsNode, UpperSnapshot } from "../../../../sandbox/mod.ts";
import { decodeRecords, encodeRecord } from "../../../engine/state/mod.ts";

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
  const head = encodeRecord(JSON.stringify(header));
  const out = new Uint8Array(head.byteLength + body.byteLength);
  out.set(head);
  out.set(body, head.byteLength);
  return out;
}

/** The snapshot in `bytes`, or undefined when they are torn or corrupt. */
export function decodeLayer(bytes: Uint8Array): UpperSnapshot | undefined {
  if (bytes.byteLength < 8) return undefined;
  const headLength = 8 + new DataView(bytes.buffer, bytes.byteOffset).getUint32(0);
  if (headLength > bytes.byteLength) return undefined;
  const { records } = decodeRecords(bytes.subarray(0, headLength));
  if (records.length === 0) return undefined;
  let header: Header;
  try {
    header = JSON.parse(new TextDecoder().decode(records[0]));
  } catch {
    return undefined;
  }
  const body = bytes.subarray(headLength);
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
