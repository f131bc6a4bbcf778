/**
 * @module
 * The test-only conformance recorder: with `SOCKERLESS_CONFORMANCE_LOG` set, the daemon checks
 * every response body it sends against the spec (JSON bodies whole, JSON streams line by line)
 * and appends to that file one record per distinct operation and status it answered, and one
 * per mismatch. The e2e helper fails a suite whose daemon recorded a mismatch, and
 * `deno task conformance` turns the records into the "exercised by" columns of
 * generated/COMPATIBILITY.md. Off by default: the hot path then pays nothing.
 */

import type { OperationSpec } from "../../generated/docker/mod.ts";
import type { ApiRequest } from "../api/handler.ts";
import type { ApiResponse } from "../api/respond.ts";
import { bodyCheck, isDocumented, verdictOf } from "./conformance.ts";

/** One line of the conformance log. */
export interface ConformanceRecord {
  /** The suite that drove the daemon (`SOCKERLESS_CONFORMANCE_CLIENT`), or the user agent. */
  client: string;
  operationId: string;
  status: number;
  /** Set on a mismatch: what differs, one line per JSON path. */
  issues?: string[];
}

const decoder = new TextDecoder();

function isJson(response: ApiResponse): boolean {
  const type = response.headers["Content-Type"] ?? "";
  return type.startsWith("application/json") || type.startsWith("application/x-ndjson");
}

/** Names the client family from its User-Agent when the suite did not name itself. */
export function clientOf(userAgent: string | null): string {
  const ua = userAgent ?? "";
  if (ua.startsWith("Docker-Client/")) return "docker-cli";
  if (ua.startsWith("docker-compose/")) return "compose";
  if (ua.startsWith("docker-sdk-python/")) return "docker-py";
  if (ua.startsWith("Deno/")) return "raw-api";
  return ua === "" ? "unknown" : ua.split("/")[0];
}

/** Records the conformance of every response to a log file. */
export class ConformanceRecorder {
  readonly #file: string;
  readonly #suite: string;
  readonly #seen = new Set<string>();

  constructor(file: string, suite = "") {
    this.#file = file;
    this.#suite = suite;
  }

  /** Checks `response` (or wraps its stream to check each line) and answers what to send. */
  observe(op: OperationSpec, request: ApiRequest, response: ApiResponse): ApiResponse {
    const client = this.#suite || clientOf(request.header("user-agent"));
    const status = response.hijack ? 101 : response.status;
    this.#note({ client, operationId: op.operationId, status });
    if (!response.hijack && status < 400 && !isDocumented(op, status)) {
      const issues = [`status ${status} is not a documented response`];
      this.#write({ client, operationId: op.operationId, status, issues });
    }
    if (response.hijack || !isJson(response) || !bodyCheck(op, status)) return response;
    const check = (text: string) => this.#checkText(client, op, status, text);
    if (response.body instanceof Uint8Array) {
      check(decoder.decode(response.body));
      return response;
    }
    if (response.body instanceof ReadableStream) {
      return { ...response, body: response.body.pipeThrough(lineChecker(check)) };
    }
    return response;
  }

  #checkText(client: string, op: OperationSpec, status: number, text: string): void {
    if (text.trim() === "") return;
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      this.#write({ client, operationId: op.operationId, status, issues: ["$: not JSON"] });
      return;
    }
    const { issues } = verdictOf(op, status, body);
    if (issues.length > 0) this.#write({ client, operationId: op.operationId, status, issues });
  }

  #note(record: ConformanceRecord): void {
    const key = `${record.client} ${record.operationId} ${record.status}`;
    if (this.#seen.has(key)) return;
    this.#seen.add(key);
    this.#write(record);
  }

  #write(record: ConformanceRecord): void {
    Deno.writeTextFileSync(this.#file, JSON.stringify(record) + "\n", { append: true });
  }
}

/** A pass-through stream that hands each complete line to `check`. */
function lineChecker(check: (line: string) => void): TransformStream<Uint8Array, Uint8Array> {
  const lines = new TextDecoder();
  let pending = "";
  return new TransformStream({
    transform(chunk, controller) {
      controller.enqueue(chunk);
      pending += lines.decode(chunk, { stream: true });
      let at: number;
      while ((at = pending.indexOf("\n")) >= 0) {
        check(pending.slice(0, at));
        pending = pending.slice(at + 1);
      }
    },
    flush() {
      check(pending + lines.decode());
    },
  });
}
