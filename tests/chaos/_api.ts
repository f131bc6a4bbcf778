/**
 * @module
 * The chaos harness's raw Engine API client: `node:http` over the daemon's unix socket (Deno's
 * fetch through a unix "proxy" sends absolute-form targets the daemon does not route), one
 * keep-alive agent per daemon incarnation since a killed daemon leaves its connections dead, with JSON,
 * log and archive helpers. A non-2xx answer throws an `ApiError` carrying status and message.
 */

import { Buffer } from "node:buffer";
import { Agent, request } from "node:http";
import { Readable } from "node:stream";
import { unpackTar } from "modern-tar";
import { parseFrames } from "../../src/engine/stdcopy.ts";

const VERSION = "/v1.50";

/** A non-2xx answer of the daemon. */
export class ApiError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

/** One client of one daemon incarnation. */
export class Api {
  #agent = new Agent({ keepAlive: true });

  constructor(readonly socket: string) {}

  /** One request over the socket, answered as a web `Response` whose body streams. */
  #request(method: string, path: string, body?: Uint8Array | string): Promise<Response> {
    return new Promise((resolve, reject) => {
      const req = request({
        socketPath: this.socket,
        agent: this.#agent,
        method,
        path: `${VERSION}${path}`,
        headers: {
          "content-type": typeof body === "string" ? "application/json" : "application/x-tar",
          ...(body === undefined ? {} : { "content-length": String(Buffer.byteLength(body)) }),
        },
      }, (res) => {
        const status = res.statusCode ?? 0;
        if (status === 204 || status === 304) {
          res.resume();
          resolve(new Response(null, { status }));
        } else {
          resolve(new Response(Readable.toWeb(res) as ReadableStream<Uint8Array>, { status }));
        }
      });
      req.on("error", reject);
      req.end(body);
    });
  }

  /** Sends a request; a plain object body goes as JSON, bytes as a tar. */
  async send(method: string, path: string, body?: unknown): Promise<Response> {
    const payload = body === undefined || body instanceof Uint8Array ? body : JSON.stringify(body);
    const res = await this.#request(method, path, payload);
    if (res.status >= 300) {
      const text = await res.text();
      let message = text;
      try {
        message = JSON.parse(text).message ?? text;
      } catch { /* not JSON */ }
      throw new ApiError(res.status, `${method} ${path}: ${res.status} ${message}`);
    }
    return res;
  }

  /** The JSON body of a 2xx answer (undefined for an empty body). */
  async json<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<T> {
    const text = await (await this.send(method, path, body)).text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /** A JSON GET that answers undefined on 404 instead of throwing. */
  async find<T = Record<string, unknown>>(path: string): Promise<T | undefined> {
    try {
      return await this.json<T>("GET", path);
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) return undefined;
      throw err;
    }
  }

  /** Reads a newline-delimited JSON progress stream (pull, push, build) and throws on an error. */
  async progress(method: string, path: string, body?: unknown): Promise<string[]> {
    const text = await (await this.send(method, path, body)).text();
    const lines = text.split("\n").filter((l) => l.trim());
    for (const line of lines) {
      const message = JSON.parse(line);
      if (message.error || message.errorDetail) {
        throw new ApiError(500, `${path}: ${message.error ?? message.errorDetail.message}`);
      }
    }
    return lines;
  }

  /** Stdout of a non-TTY container's logs (demultiplexed), whole. */
  async logs(id: string): Promise<string> {
    const res = await this.send("GET", `/containers/${id}/logs?stdout=1&stderr=1`);
    const frames = parseFrames(new Uint8Array(await res.arrayBuffer()));
    const decoder = new TextDecoder();
    return frames.filter((f) => f.stream === 1).map((f) => decoder.decode(f.payload)).join("");
  }

  /** The content of one file of a container's filesystem, or undefined when it is absent. */
  async readFile(id: string, path: string): Promise<string | undefined> {
    let res: Response;
    try {
      res = await this.send("GET", `/containers/${id}/archive?path=${encodeURIComponent(path)}`);
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) return undefined;
      throw err;
    }
    const entries = await unpackTar(new Uint8Array(await res.arrayBuffer()));
    const file = entries.find((e) => e.header.type === "file");
    return file?.data ? new TextDecoder().decode(file.data) : "";
  }

  close(): void {
    this.#agent.destroy();
  }
}
