/**
 * @module
 * An HTTP client for one registry (distribution API v2) that answers authentication
 * challenges: it pings `/v2/` once, then sends Basic credentials or fetches a bearer token per
 * scope (anonymously, with Basic credentials, or with an OAuth refresh token), and retries a
 * request once when a 401 names a new scope.
 */

import { DockerError } from "../errors.ts";
import { basicAuthorization, type Challenge, parseChallenges, type RegistryAuth } from "./auth.ts";
import { registryHost } from "./reference.ts";
import { networkError, responseError } from "./registry_error.ts";
import { lazyStream } from "./_stream.ts";

/** How to reach and authenticate to registries. */
export interface ClientOptions {
  /** Credentials (from `X-Registry-Auth`); anonymous when absent. */
  auth?: RegistryAuth;
  /** Registries spoken to over plain HTTP besides loopback ones (`host:port`). */
  insecureRegistries?: string[];
  /** The fetch to use (tests inject faults); the global one by default. */
  fetch?: typeof fetch;
}

/** One request: extra headers, a body and the token scope it needs. */
export interface RegistryRequest {
  headers?: Record<string, string>;
  body?: BodyInit | Uint8Array;
  /** Token scope, such as `repository:team/app:pull`. */
  scope?: string;
}

function isLoopback(domain: string): boolean {
  const host = domain.replace(/:\d+$/, "").replace(/^\[|\]$/g, "");
  return host === "localhost" || host === "::1" || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** A client bound to one registry, caching its challenge and tokens. */
export class RegistryClient {
  /** `http(s)://host[:port]` of the registry API. */
  readonly baseUrl: string;
  #challenge?: Challenge | null;
  #tokens = new Map<string, string>();
  #fetch: typeof fetch;

  constructor(readonly domain: string, readonly options: ClientOptions = {}) {
    const insecure = isLoopback(domain) || (options.insecureRegistries ?? []).includes(domain);
    this.baseUrl = `${insecure ? "http" : "https"}://${registryHost(domain)}`;
    this.#fetch = options.fetch ?? fetch;
  }

  /** Absolute URL for a path below `/v2/`, or for a `Location` the registry returned. */
  url(pathOrLocation: string): string {
    if (/^https?:\/\//.test(pathOrLocation) || pathOrLocation.startsWith("/")) {
      return new URL(pathOrLocation, this.baseUrl).href;
    }
    return `${this.baseUrl}/v2/${pathOrLocation}`;
  }

  /** Sends a request with credentials; the caller checks the status. */
  async request(method: string, target: string, init: RegistryRequest = {}): Promise<Response> {
    await this.#ping();
    const url = this.url(target);
    let res = await this.#send(method, url, init, await this.#authorization(init.scope));
    const replayable = !(init.body instanceof ReadableStream);
    const challenge = res.status === 401 ? this.#challengeOf(res) : undefined;
    if (challenge && replayable && challenge.scheme === "bearer") {
      // The token was refused (expired, or too narrow): ask again for both scopes.
      await res.body?.cancel();
      this.#challenge = challenge;
      this.#tokens.delete(init.scope ?? "");
      const extra = challenge.params.scope;
      const auth = await this.#authorization(init.scope, extra);
      res = await this.#send(method, url, init, auth);
    }
    return res;
  }

  /** Checks the credentials against `/v2/` (what `docker login` does). */
  async login(): Promise<void> {
    await this.#ping();
    if (this.#challenge === null) return;
    const res = await this.#send("GET", this.url(""), {}, await this.#authorization(undefined));
    await res.body?.cancel();
    if (res.status !== 200) {
      throw new DockerError(
        "Unauthorized",
        `login attempt to ${this.url("")} failed with status: ${res.status} ${res.statusText}`,
      );
    }
  }

  async #send(
    method: string,
    url: string,
    init: RegistryRequest,
    auth?: string,
  ): Promise<Response> {
    const headers = new Headers(init.headers);
    if (auth) headers.set("authorization", auth);
    let bodyError: { err: unknown } | undefined;
    const stream = init.body instanceof ReadableStream;
    const body = stream
      ? lazyStream(() => init.body as ReadableStream<Uint8Array>, (err) => bodyError = { err })
      : init.body as BodyInit | undefined;
    try {
      return await this.#fetch(url, {
        method,
        headers,
        body,
        redirect: "follow",
        ...(stream ? { duplex: "half" } : {}),
      });
    } catch (err) {
      if (!bodyError) throw networkError(method, url, err);
      const cause = bodyError.err;
      if (cause instanceof DockerError) throw cause;
      throw new DockerError("System", `failed to read the upload: ${(cause as Error)?.message}`);
    }
  }

  #challengeOf(res: Response): Challenge | undefined {
    const all = parseChallenges(res.headers.get("www-authenticate") ?? "");
    return all.find((c) => c.scheme === "bearer") ?? all.find((c) => c.scheme === "basic");
  }

  async #ping(): Promise<void> {
    if (this.#challenge !== undefined) return;
    const res = await this.#send("GET", this.url(""), {});
    if (res.status === 401) {
      this.#challenge = this.#challengeOf(res) ?? null;
      await res.body?.cancel();
      return;
    }
    if (!res.ok) throw await responseError(res);
    await res.body?.cancel();
    this.#challenge = null;
  }

  async #authorization(scope: string | undefined, extra?: string): Promise<string | undefined> {
    const challenge = this.#challenge;
    const auth = this.options.auth;
    if (!challenge) return undefined;
    if (challenge.scheme === "basic") {
      if (!auth?.username) throw new DockerError("Unauthorized", "no basic auth credentials");
      return basicAuthorization(auth.username, auth.password ?? "");
    }
    if (auth?.registryToken) return `Bearer ${auth.registryToken}`;
    const key = scope ?? "";
    let token = this.#tokens.get(key);
    if (!token) {
      const scopes = [...new Set([scope, extra].filter((s): s is string => !!s))];
      token = await this.#fetchToken(challenge, scopes);
      this.#tokens.set(key, token);
    }
    return `Bearer ${token}`;
  }

  async #fetchToken(challenge: Challenge, scopes: string[]): Promise<string> {
    const { realm, service } = challenge.params;
    if (!realm) throw new DockerError("System", "bearer challenge without a realm");
    const auth = this.options.auth;
    const params = new URLSearchParams();
    if (service) params.set("service", service);
    for (const scope of scopes) params.append("scope", scope);
    let res: Response;
    if (auth?.identityToken) {
      params.set("grant_type", "refresh_token");
      params.set("refresh_token", auth.identityToken);
      params.set("client_id", "sockerless");
      res = await this.#send("POST", realm, {
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: params.toString(),
      });
    } else {
      const url = `${realm}${realm.includes("?") ? "&" : "?"}${params}`;
      const basic = auth?.username
        ? basicAuthorization(auth.username, auth.password ?? "")
        : undefined;
      res = await this.#send("GET", url, {}, basic);
    }
    if (!res.ok) throw await responseError(res);
    const body = await res.json().catch(() => ({}));
    const token = body.token ?? body.access_token;
    if (typeof token !== "string" || token === "") {
      throw new DockerError("System", `token server ${realm} returned no token`);
    }
    return token;
  }
}
