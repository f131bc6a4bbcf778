/**
 * @module
 * Asserts a response conforms to the generated schema of its operation and status, strictly.
 * Used by every in-process test that sees a response of an implemented operation; the verdict
 * itself is the daemon's (src/server/conformance.ts), shared with the e2e recorder.
 */

import { type OperationId, operations } from "../../generated/docker/mod.ts";
import { verdictOf } from "../../src/server/conformance.ts";

const byId = new Map(operations.map((op) => [op.operationId, op]));

/** Throws, naming the operation, JSON path and expected type, when `body` does not conform. */
export function assertConforms(operationId: OperationId, status: number, body: unknown): void {
  const op = byId.get(operationId)!;
  const { issues, undocumented } = verdictOf(op, status, body);
  if (undocumented && status < 400) {
    throw new Error(`${operationId}: status ${status} is not a documented response`);
  }
  if (issues.length > 0) {
    const lines = issues.map((i) => `  ${i}`);
    throw new Error(`${operationId} ${status} does not match the spec:\n${lines.join("\n")}`);
  }
}
