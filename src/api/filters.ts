/**
 * @module
 * Docker's `filters` query parameter: a JSON object of `key → [values]` (or the older
 * `key → {value: true}` form). Shared by every list, prune and events operation.
 */

import { invalidParameter } from "../engine/errors.ts";

/** Parsed filters: key → accepted values. */
export type Filters = ReadonlyMap<string, readonly string[]>;

function values(key: string, raw: unknown): string[] {
  if (Array.isArray(raw) && raw.every((v) => typeof v === "string")) return raw;
  if (raw && typeof raw === "object" && !Array.isArray(raw)) {
    return Object.entries(raw).filter(([, on]) => on === true).map(([v]) => v);
  }
  throw invalidParameter(`invalid filter '${key}': values must be a list of strings`);
}

/** Parses and checks a filters parameter against the keys the operation knows. */
export function parseFilters(raw: string | undefined, allowedKeys: readonly string[]): Filters {
  const out = new Map<string, string[]>();
  if (raw === undefined || raw.trim() === "") return out;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (err) {
    throw invalidParameter(`invalid filters: ${(err as Error).message}`);
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw invalidParameter("invalid filters: expected a JSON object of lists");
  }
  for (const [key, raw] of Object.entries(parsed)) {
    if (!allowedKeys.includes(key)) throw invalidParameter(`invalid filter '${key}'`);
    out.set(key, values(key, raw));
  }
  return out;
}

/** True when `key` is not filtered, or any accepted value equals `candidate`. */
export function matchesExact(filters: Filters, key: string, ...candidates: string[]): boolean {
  const accepted = filters.get(key);
  return !accepted || accepted.some((v) => candidates.includes(v));
}

/** Label filters (`key` or `key=value`) against a label map. */
export function matchesLabels(filters: Filters, labels: Record<string, string>): boolean {
  const accepted = filters.get("label");
  if (!accepted) return true;
  return accepted.every((expr) => {
    const eq = expr.indexOf("=");
    if (eq < 0) return expr in labels;
    return labels[expr.slice(0, eq)] === expr.slice(eq + 1);
  });
}
