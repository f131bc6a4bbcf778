/**
 * @module
 * The Docker API application: version negotiation → route → parameters → body → handler, with
 * every failure rendered by the one error function. Transport-free: the node adapter serves
 * `handle` on sockets, and tests call `fetch` with web Requests in process.
 */

import {
  operations as specOperations,
  type OperationSpec,
  paramParsers,
  requestBodyChecks,
} from "../../generated/docker/mod.ts";
import type { ApiRequest, Handler, RequestContext } from "../api/handler.ts";
import type { ApiResponse } from "../api/respond.ts";
import { negotiateVersion, splitVersionPrefix } from "../api/api_version.ts";
import { type Backend, notFound, notImplemented } from "../engine/mod.ts";
import { MAX_API_VERSION, SOCKERLESS_VERSION } from "../version.ts";
import { DEFAULT_MAX_JSON_BODY, parseJsonBody, readBodyText } from "./body.ts";
import { errorResponse } from "./error_response.ts";
import { Router } from "./router.ts";

/** Options of the application. */
export interface AppOptions {
  backend: Backend;
  handlers: readonly Handler[];
  maxJsonBody?: number;
  operations?: readonly OperationSpec[];
  /**
   * Sees every answer of a routed operation, errors included, and answers what to send (the
   * test-only conformance recorder wraps streams to check them line by line).
   */
  observe?: (op: OperationSpec, request: ApiRequest, response: ApiResponse) => ApiResponse;
}

/** Headers on every response, as dockerd sends them. */
export const COMMON_HEADERS: Readonly<Record<string, string>> = {
  "Api-Version": MAX_API_VERSION,
  "Server": `Sockerless/${SOCKERLESS_VERSION} (linux)`,
  "Docker-Experimental": "false",
  "Ostype": "linux",
};

/** A response's headers with the common ones: the one place they are added. */
export function responseHeaders(response: ApiResponse): Record<string, string> {
  return { ...COMMON_HEADERS, ...response.headers };
}

/** The transport-free Docker API application. */
export class App {
  readonly #router: Router;
  readonly #handlers: Map<string, Handler>;
  readonly #backend: Backend;
  readonly #maxJsonBody: number;
  readonly #observe: AppOptions["observe"];

  constructor(options: AppOptions) {
    this.#router = new Router(options.operations ?? specOperations);
    this.#handlers = new Map(options.handlers.map((h) => [h.operationId, h]));
    this.#backend = options.backend;
    this.#maxJsonBody = options.maxJsonBody ?? DEFAULT_MAX_JSON_BODY;
    this.#observe = options.observe;
  }

  /** Whether this backend implements the operation. */
  implements(operationId: string): boolean {
    return this.#capabilityFor(operationId) !== undefined;
  }

  /** The capability serving the operation: none without a handler or the backend's capability. */
  #capabilityFor(operationId: string): unknown {
    const handler = this.#handlers.get(operationId);
    return handler && this.#backend[handler.requires];
  }

  /** Serves one request; never throws. `signal` aborts when the client goes away. */
  async handle(request: ApiRequest, signal: AbortSignal): Promise<ApiResponse> {
    const routed: { op?: OperationSpec } = {};
    let response: ApiResponse;
    try {
      response = await this.#serve(request, signal, routed);
    } catch (err) {
      response = errorResponse(err);
      if (response.status >= 500 && response.status !== 501) console.error("request failed:", err);
    }
    return this.#observe && routed.op ? this.#observe(routed.op, request, response) : response;
  }

  /** Serves a web Request in process (tests), answering a web Response. */
  async fetch(request: Request, signal: AbortSignal = request.signal): Promise<Response> {
    const url = new URL(request.url);
    const response = await this.handle({
      method: request.method,
      url: url.pathname + url.search,
      header: (name) => request.headers.get(name),
      body: () => request.body,
    }, signal);
    const status = response.hijack ? 200 : response.status;
    const body = response.body as BodyInit | null;
    return new Response(body, { status, headers: responseHeaders(response) });
  }

  async #serve(
    request: ApiRequest,
    signal: AbortSignal,
    routed: { op?: OperationSpec },
  ): Promise<ApiResponse> {
    const queryAt = request.url.indexOf("?");
    const pathname = queryAt < 0 ? request.url : request.url.slice(0, queryAt);
    const query = new URLSearchParams(queryAt < 0 ? "" : request.url.slice(queryAt + 1));
    const { requested, path } = splitVersionPrefix(pathname);
    const version = negotiateVersion(requested);
    const route = this.#router.match(request.method, path);
    if (!route) throw notFound("page not found");
    const { op } = route;
    routed.op = op;
    const params = paramParsers[op.operationId as keyof typeof paramParsers]({
      path: route.path,
      query,
      header: request.header,
    });
    const binary = op.body?.binary === true;
    const body = op.body && !binary
      ? parseJsonBody(
        await readBodyText(request, this.#maxJsonBody),
        requestBodyChecks[op.operationId as keyof typeof requestBodyChecks],
      )
      : undefined;
    const handler = this.#handlers.get(op.operationId);
    const capability = this.#capabilityFor(op.operationId);
    if (!handler || capability === undefined) {
      throw notImplemented(op.operationId, this.#backend.name);
    }
    const ctx: RequestContext = {
      params,
      query,
      body,
      stream: binary ? request.body() : null,
      version,
      backend: this.#backend,
      capability,
      request,
      signal,
    };
    return await handler.handle(ctx);
  }
}
