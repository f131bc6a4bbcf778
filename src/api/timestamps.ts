/**
 * @module
 * Docker's timestamp parameters (`since`, `until` of events and logs): `seconds[.nanoseconds]`
 * as the docker CLI sends them, or an RFC 3339 date; and RFC 3339 with nanoseconds for output.
 */

import { invalidParameter } from "../engine/errors.ts";

/** Parses a timestamp parameter into nanoseconds since the epoch. */
export function parseTimestamp(name: string, raw: string | undefined): bigint | undefined {
  if (raw === undefined || raw === "") return undefined;
  const seconds = /^(-?\d+)(?:\.(\d{1,9}))?$/.exec(raw);
  if (seconds) {
    return BigInt(seconds[1]) * 1_000_000_000n + BigInt((seconds[2] ?? "").padEnd(9, "0"));
  }
  const ms = Date.parse(raw);
  if (Number.isNaN(ms)) {
    throw invalidParameter(`invalid value for "${name}": "${raw}" is not a timestamp`);
  }
  return BigInt(ms) * 1_000_000n;
}

/** `2024-01-02T03:04:05.123456789Z` from nanoseconds since the epoch. */
export function rfc3339Nano(ns: bigint): string {
  const ms = Number(ns / 1_000_000n);
  const iso = new Date(ms).toISOString();
  const fraction = (ns % 1_000_000_000n).toString().padStart(9, "0");
  return `${iso.slice(0, 19)}.${fraction}Z`;
}
