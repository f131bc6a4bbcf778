/**
 * @module
 * The e2e side of the conformance recorder: each daemon started by the e2e helper writes its
 * records to a file of its own under `.conformance/` at the repository root (git-ignored), and
 * a suite fails when its daemon recorded a response that does not match the spec.
 */

import type { ConformanceRecord } from "../../src/server/mod.ts";

/** Where the e2e daemons' records go. */
export const RECORDS_DIR = new URL("../../.conformance/", import.meta.url).pathname;

/** A fresh record file for one daemon serving the `client` suite. */
export async function recordFileFor(client: string): Promise<string> {
  await Deno.mkdir(RECORDS_DIR, { recursive: true });
  const name = (client || "unnamed").replace(/[^\w.-]/g, "_");
  return `${RECORDS_DIR}${name}-${crypto.randomUUID().slice(0, 8)}.ndjson`;
}

/** The records of one file (none when the daemon answered nothing). */
export async function readRecords(file: string): Promise<ConformanceRecord[]> {
  const text = await Deno.readTextFile(file).catch(() => "");
  return text.split("\n").filter((l) => l.trim() !== "").map((l) => JSON.parse(l));
}

/** Renders mismatches: operation, status and each JSON path with its expected type. */
export function describeMismatches(records: readonly ConformanceRecord[]): string {
  return records.filter((r) => r.issues?.length).map((r) =>
    `${r.operationId} ${r.status} (${r.client}):\n${r.issues!.map((i) => `  ${i}`).join("\n")}`
  ).join("\n");
}

/** Throws when the daemon behind `file` answered a response that does not match the spec. */
export async function assertNoMismatches(file: string): Promise<void> {
  const mismatches = describeMismatches(await readRecords(file));
  if (mismatches) throw new Error(`responses that do not match the spec:\n${mismatches}`);
}
