/**
 * @module
 * What a handler is: an operation id, the backend capability it needs, and a function from a
 * parsed request to an ApiResponse. Handlers stay thin: parse → call one backend method → write.
 */

import type { OperationId, OperationParams } from "../../generated/docker/mod.ts";
import type { Backend, Capability } from "../engine/mod.ts";
import type { ApiResponse } from "./respond.ts";

/** A request as the transport hands it over; the body is only materialised when read. */
export interface ApiRequest {
  method: string;
  /** Path and query, as sent (`/v1.50/containers/json?all=1`). */
  url: string;
  header(name: string): string | null;
  /** The request body stream; reading it consumes the request. */
  body(): ReadableStream<Uint8Array> | null;
}

/** What a handler is given. */
export interface RequestContext<P = unknown> {
  /** Parsed path, query and header parameters. */
  params: P;
  /** The raw query, for repeated keys the spec models as one value (`t` of build). */
  query: URLSearchParams;
  /** The parsed and checked JSON body, or undefined when none was sent. */
  body: unknown;
  /** The raw body of operations that take bytes (tar archives), else null. */
  stream: ReadableStream<Uint8Array> | null;
  /** The negotiated API version, `X.Y`. */
  version: string;
  backend: Backend;
  request: ApiRequest;
  /** Aborted when the client goes away. */
  signal: AbortSignal;
}

/** What a handler returns. */
export type HandlerResult = ApiResponse | Promise<ApiResponse>;

/** A handler of one operation. */
export interface Handler {
  readonly operationId: OperationId;
  readonly requires: Capability;
  handle(ctx: RequestContext): HandlerResult;
}

/** Defines a handler with its parameters typed from the generated table. */
export function defineHandler<Op extends OperationId>(
  operationId: Op,
  requires: Capability,
  handle: (ctx: RequestContext<OperationParams[Op]>) => HandlerResult,
): Handler {
  return { operationId, requires, handle: handle as Handler["handle"] };
}
