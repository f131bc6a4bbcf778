/**
 * @module
 * Checks a response against the spec: the generated schema of its operation and status, strictly
 * (types, nullability, required properties, enums, no undeclared properties). One verdict
 * function serves the in-process tests and the daemon's test-only conformance recorder.
 */

import {
  c_BuildInfo,
  c_CreateImageInfo,
  c_ErrorResponse,
  c_PushImageInfo,
  type Check,
  type OperationId,
  type OperationSpec,
  responseChecks,
  runCheck,
} from "../../generated/docker/mod.ts";

/** What is wrong with one response: empty when it conforms. */
export interface Verdict {
  /** Differences from the schema, one line each: `<json path>: expected <type>, got <type>`. */
  issues: string[];
  /** Set when the status is not among the operation's documented responses. */
  undocumented: boolean;
}

/**
 * Schemas of streamed progress lines. The spec documents them as definitions without tying
 * them to the operation's 200 answer, whose body it leaves untyped.
 */
const STREAM_LINE_CHECKS: Partial<Record<OperationId, Check>> = {
  ImageBuild: c_BuildInfo,
  ImageCreate: c_CreateImageInfo,
  ImagePush: c_PushImageInfo,
};

/** The check for a body of `op` answered with `status`, if the spec gives one. */
export function bodyCheck(op: OperationSpec, status: number): Check | undefined {
  const id = op.operationId as OperationId;
  const check = responseChecks[id]?.[String(status)];
  if (check) return check;
  if (status === 200 && STREAM_LINE_CHECKS[id]) return STREAM_LINE_CHECKS[id];
  // dockerd answers errors the spec does not list for every operation (400 on a bad
  // parameter, 413 on an oversized body); their body is still the one error shape.
  if (status >= 400) return c_ErrorResponse;
  return undefined;
}

/** Whether the spec lists `status` for `op`. */
export function isDocumented(op: OperationSpec, status: number): boolean {
  return String(status) in op.responses;
}

/** The verdict on one JSON value answered by `op` with `status`. */
export function verdictOf(op: OperationSpec, status: number, body: unknown): Verdict {
  const check = bodyCheck(op, status);
  const issues = check
    ? runCheck(check, body, true).map((i) => `${i.path}: expected ${i.expected}, got ${i.actual}`)
    : [];
  return { issues, undocumented: !isDocumented(op, status) };
}
