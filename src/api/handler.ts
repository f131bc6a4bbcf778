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

/** The interface of a capability a backend has. */
export type CapabilityOf<C extends Capability> = NonNullable<Backend[C]>;

/** What a handler is given. */
export interface RequestContext<P = unknown, C = unknown> {
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
  /**
   * The capability the handler declared, there for certain: the application answered 501 for
   * a backend without it before the handler ran.
   */
  capability: C;
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

/**
 * Defines a handler with its parameters typed from the generated table and `ctx.capability`
 * typed as the capability it requires.
 */
export function defineHandler<Op extends OperationId, C extends Capability>(
  operationId: Op,
  requires: C,
  handle: (ctx: RequestContext<OperationParams[Op], CapabilityOf<C>>) => HandlerResult,
): Handler {
  return { operationId, requires, handle: handle as Handler["handle"] };
}
