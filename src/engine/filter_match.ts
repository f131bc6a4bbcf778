/**
 * @module
 * How dockerd matches filter values, shared by every backend's list and prune filters: labels
 * (`key` or `key=value`), `filters.Match` (equal or a matching regular expression), boolean
 * values (`dangling`, `all`) and `until` times.
 */

import { invalidParameter } from "./errors.ts";

/** A label filter expression (`key` or `key=value`) against a label map. */
export function labelMatch(labels: Record<string, string>, expr: string): boolean {
  const eq = expr.indexOf("=");
  return eq < 0 ? expr in labels : labels[expr.slice(0, eq)] === expr.slice(eq + 1);
}

/** dockerd's `filters.Match`: equal, or the value read as a regular expression matches. */
export function patternMatch(pattern: string, value: string): boolean {
  try {
    return pattern === value || new RegExp(pattern).test(value);
  } catch {
    return false;
  }
}

/** A boolean filter value (`true`/`1`, `false`/`0`); anything else is a 400. */
export function booleanValue(key: string, value: string): boolean {
  if (["true", "1"].includes(value.toLowerCase())) return true;
  if (["false", "0"].includes(value.toLowerCase())) return false;
  throw invalidParameter(`invalid filter '${key}=${value}'`);
}

/** An `until` value (unix seconds, a timestamp or a duration before now) in epoch ms. */
export function untilTime(value: string): number {
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;
  const ms = Date.parse(value);
  if (!Number.isNaN(ms)) return ms;
  const d = /^(\d+)(s|m|h)$/.exec(value);
  if (d) return Date.now() - Number(d[1]) * { s: 1e3, m: 6e4, h: 3.6e6 }[d[2] as "s" | "m" | "h"];
  throw invalidParameter(`invalid filter 'until=${value}'`);
}
