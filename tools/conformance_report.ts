/**
 * @module
 * Sums up the conformance records the e2e daemons wrote under `.conformance/` during a test run:
 * how many responses were checked per client, every mismatch (operation, status, JSON path,
 * expected type), and which operations each client exercised. Exits 1 on any mismatch.
 * `--write` stores the exercised operations in tests/conformance/exercised.json, from which
 * `deno task coverage` renders the "exercised by" columns of generated/COMPATIBILITY.md.
 *
 *     deno task test && deno task conformance [--write]
 */

import type { ConformanceRecord } from "../src/server/mod.ts";
import { describeMismatches, readRecords, RECORDS_DIR } from "../tests/conformance/record.ts";

const EXERCISED = new URL("../tests/conformance/exercised.json", import.meta.url).pathname;

/** Operations exercised, by client: `{ client: { operationId: [statuses] } }`. */
export type Exercised = Record<string, Record<string, number[]>>;

async function allRecords(): Promise<{ records: ConformanceRecord[]; daemons: number }> {
  const records: ConformanceRecord[] = [];
  let daemons = 0;
  const names = await Array.fromAsync(Deno.readDir(RECORDS_DIR)).catch(() => []);
  for (const entry of names) {
    if (!entry.name.endsWith(".ndjson")) continue;
    daemons++;
    records.push(...await readRecords(RECORDS_DIR + entry.name));
  }
  return { records, daemons };
}

/** Groups the records' operations and statuses by client, sorted for stable output. */
export function exercisedBy(records: readonly ConformanceRecord[]): Exercised {
  const out: Exercised = {};
  for (const r of records) {
    const ops = out[r.client] ??= {};
    const statuses = ops[r.operationId] ??= [];
    if (!statuses.includes(r.status)) statuses.push(r.status);
  }
  const sorted: Exercised = {};
  for (const client of Object.keys(out).sort()) {
    sorted[client] = {};
    for (const op of Object.keys(out[client]).sort()) {
      sorted[client][op] = out[client][op].sort((a, b) => a - b);
    }
  }
  return sorted;
}

if (import.meta.main) {
  const { records, daemons } = await allRecords();
  const exercised = exercisedBy(records.filter((r) => !r.issues));
  console.log(`conformance: ${daemons} daemons, ${records.length} records`);
  for (const [client, ops] of Object.entries(exercised)) {
    console.log(`  ${client}: ${Object.keys(ops).length} operations exercised`);
  }
  const mismatches = describeMismatches(records);
  const count = records.filter((r) => r.issues?.length).length;
  console.log(`conformance: ${count} mismatches`);
  if (mismatches) console.log(mismatches);
  if (Deno.args.includes("--write")) {
    await Deno.writeTextFile(EXERCISED, JSON.stringify(exercised, null, 2) + "\n");
    console.log(`wrote ${EXERCISED}`);
  }
  if (count > 0) Deno.exit(1);
}
