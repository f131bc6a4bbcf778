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
  /** The capability without which the operation answers 501. */
  readonly requires: Capability;
  /** The members the handler calls (`containers.list`): what serves the operation. */
  readonly uses: readonly string[];
  handle(ctx: RequestContext): HandlerResult;
}

/** The members of a capability, by name. */
export type MemberOf<C extends Capability> = keyof CapabilityOf<C> & string;

/**
 * What a handler uses: `capability.member` (`"containers.list"`), or a bare capability for a
 * handler that needs none of its members (ping).
 */
export type Use = Capability | { [C in Capability]: `${C}.${MemberOf<C>}` }[Capability];

/** The capability named in a Use. */
export type CapabilityIn<U extends Use> = U extends `${infer C extends Capability}.${string}` ? C
  : U extends Capability ? U
  : never;

/** What `ctx.capability` is for a handler using `U`: only the members it declared. */
export type UsedBy<U extends Use> = Pick<
  CapabilityOf<CapabilityIn<U>>,
  (U extends `${string}.${infer M}` ? M : never) & keyof CapabilityOf<CapabilityIn<U>>
>;

/**
 * Defines a handler with its parameters typed from the generated table and `ctx.capability`
 * narrowed to the members it declares using, so what serves an operation is declared once,
 * where it is called (generated/COMPATIBILITY.md reports it). All uses name one capability.
 */
export function defineHandler<Op extends OperationId, U extends Use>(
  operationId: Op,
  uses: U | readonly U[],
  handle: (ctx: RequestContext<OperationParams[Op], UsedBy<U>>) => HandlerResult,
): Handler {
  const all: readonly string[] = typeof uses === "string" ? [uses] : uses;
  const capabilities = [...new Set(all.map((use) => use.split(".")[0]))];
  if (capabilities.length !== 1) {
    throw new Error(`${operationId} must use one capability, not [${all.join(", ")}]`);
  }
  return {
    operationId,
    requires: capabilities[0] as Capability,
    uses: all.filter((use) => use.includes(".")),
    handle: handle as Handler["handle"],
  };
}
