/**
 * @module
 * Serves the App over `node:http`: the only HTTP server under Deno that hands over the raw
 * socket for the `101 UPGRADED` hijack of attach and exec start. Fixed bodies are written in
 * one call with their length; stream bodies are flushed chunk by chunk as they come.
 */

import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable, Writable } from "node:stream";
import type { Duplex } from "node:stream";
import type { ApiRequest } from "../api/handler.ts";
import { type ApiResponse, DOCKER_UPGRADE, type HijackedConnection } from "../api/respond.ts";
import { type App, responseHeaders } from "./app.ts";
import { DEFAULT_MAX_JSON_BODY } from "./body.ts";

function toApiRequest(req: IncomingMessage, upgradeBody?: Uint8Array): ApiRequest {
  return {
    method: req.method ?? "GET",
    url: req.url ?? "/",
    header(name) {
      const value = req.headers[name.toLowerCase()];
      if (value === undefined) return null;
      return Array.isArray(value) ? value.join(", ") : value;
    },
    body: () => {
      if (upgradeBody) return ReadableStream.from([upgradeBody]);
      if (req.method === "GET" || req.method === "HEAD") return null;
      return Readable.toWeb(req) as ReadableStream<Uint8Array>;
    },
  };
}

async function pipeStream(
  body: ReadableStream<Uint8Array>,
  res: ServerResponse,
  signal: AbortSignal,
) {
  const reader = body.getReader();
  const cancel = () => reader.cancel().catch(() => {});
  signal.addEventListener("abort", cancel, { once: true });
  try {
    while (true) {
      const { done, value } = await reader.read();
      if (done || signal.aborted) break;
      res.write(value);
    }
  } catch (err) {
    if (!signal.aborted) console.error("response stream failed:", err);
  } finally {
    signal.removeEventListener("abort", cancel);
    // The client may have left before the listener was added: stop the source all the same.
    if (signal.aborted) await reader.cancel().catch(() => {});
    res.end();
  }
}

/** Handles an ordinary (non-upgrade) request. */
export async function handleRequest(app: App, req: IncomingMessage, res: ServerResponse) {
  const aborter = new AbortController();
  res.once("close", () => aborter.abort());
  const response = await app.handle(toApiRequest(req), aborter.signal);
  if (response.hijack) return await hijackInPlace(response, req, res, aborter.signal);
  res.writeHead(response.status, responseHeaders(response));
  const body = response.body;
  if (body === null || req.method === "HEAD") return void res.end();
  if (body instanceof Uint8Array) return void res.end(body);
  // Streams (events, logs, pulls) must show their headers before the first line exists.
  res.flushHeaders();
  await pipeStream(body, res, aborter.signal);
}

async function runHijack(response: ApiResponse, conn: HijackedConnection, signal: AbortSignal) {
  await response.hijack!(conn).catch((err) => {
    if (!signal.aborted) console.error("hijacked stream failed:", err);
  });
}

/** A hijack without `Upgrade`: stream over the same request and response. */
async function hijackInPlace(
  response: ApiResponse,
  req: IncomingMessage,
  res: ServerResponse,
  signal: AbortSignal,
) {
  res.writeHead(200, responseHeaders(response));
  res.flushHeaders();
  await runHijack(response, {
    readable: Readable.toWeb(req) as ReadableStream<Uint8Array>,
    writable: Writable.toWeb(res) as WritableStream<Uint8Array>,
    signal,
  }, signal);
  if (!res.writableEnded) res.end();
}

function rawHead(status: number, reason: string, headers: Record<string, string>): string {
  const lines = Object.entries(headers).map(([k, v]) => `${k}: ${v}`);
  return `HTTP/1.1 ${status} ${reason}\r\n${lines.join("\r\n")}\r\n\r\n`;
}

const REASONS: Record<number, string> = {
  400: "Bad Request",
  404: "Not Found",
  409: "Conflict",
  500: "Internal Server Error",
  501: "Not Implemented",
};

/**
 * The body of an upgrade request (exec start's JSON): Content-Length bytes. Node puts what came
 * with the headers in `head`; Deno delivers it on the request stream when it came with the
 * headers and on the socket when it came later. All three are watched from the upgrade event
 * on, so no chunk is missed; bytes past the body are the client's stdin and are put back.
 */
function collectUpgradeBody(
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
): Promise<Uint8Array> {
  // A missing or malformed length means no body; the JSON limit caps what is waited for.
  const declared = Number(req.headers["content-length"] ?? 0);
  const length = Number.isFinite(declared) && declared > 0
    ? Math.min(declared, DEFAULT_MAX_JSON_BODY)
    : 0;
  let buffered = Buffer.from(head);
  if (buffered.byteLength >= length) {
    if (buffered.byteLength > length) socket.unshift(buffered.subarray(length));
    return Promise.resolve(new Uint8Array(buffered.subarray(0, length)));
  }
  return new Promise((resolve) => {
    const done = () => {
      req.off("data", onData);
      socket.off("data", onData);
      req.off("end", onReqEnd);
      socket.off("end", done);
      socket.off("close", done);
      // Listening made the socket flow; stdin must wait for whoever reads it next.
      socket.pause();
      const rest = buffered.subarray(length);
      if (rest.byteLength > 0) socket.unshift(rest);
      resolve(new Uint8Array(buffered.subarray(0, Math.min(length, buffered.byteLength))));
    };
    const onData = (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      if (buffered.byteLength >= length) done();
    };
    // The request stream ending early only means the rest comes on the socket.
    const onReqEnd = () => buffered.byteLength >= length && done();
    req.on("data", onData);
    req.once("end", onReqEnd);
    socket.on("data", onData);
    socket.once("end", done);
    socket.once("close", done);
  });
}

/** Handles a request that asked to upgrade the connection (attach, exec start). */
export async function handleUpgrade(app: App, req: IncomingMessage, socket: Duplex, head: Buffer) {
  const aborter = new AbortController();
  const collected = collectUpgradeBody(req, socket, head);
  socket.once("close", () => aborter.abort());
  socket.on("error", () => aborter.abort());
  const requestBody = await collected;
  const response = await app.handle(toApiRequest(req, requestBody), aborter.signal);
  if (!response.hijack) {
    const body = response.body instanceof Uint8Array ? response.body : new Uint8Array();
    const headers = { ...responseHeaders(response), "Content-Length": String(body.byteLength) };
    socket.write(rawHead(response.status, REASONS[response.status] ?? "Error", headers));
    socket.end(body);
    return;
  }
  const upgrade = response.upgrade ?? DOCKER_UPGRADE;
  socket.write(rawHead(101, upgrade.reason, { ...responseHeaders(response), ...upgrade.headers }));
  const output = afterHeadGap(
    Writable.toWeb(socket as Writable) as WritableStream<Uint8Array>,
    headGapMs(req.headers["user-agent"]),
  );
  await runHijack(response, {
    readable: Readable.toWeb(socket as Readable) as ReadableStream<Uint8Array>,
    writable: output.writable,
    signal: aborter.signal,
  }, aborter.signal);
  await output.done();
  socket.end();
}

/**
 * How long the first output bytes wait after the 101 head. docker-py reads the head through a
 * buffered reader and then reads frames from the raw socket, so bytes that arrive in the same
 * read as the head are lost to it (`exec_run` lost its stdout ~1 time in 12). dockerd has this
 * gap naturally: its process starts after the head is written.
 */
const HEAD_GAP_MS = 5;

/**
 * docker-py's user agents: its own (`docker-sdk-python/7.1.0`) and the `docker-py/5.0.3` part of
 * docker-compose 1.x's. A busy machine wakes its reader late: with load 6 on 2 cores, exec_run
 * still lost output at 5 ms (~1.5% of execs) and 25 ms (~0.5%), none at 50 ms in 135 execs; 100
 * ms leaves a margin and stays within runc's own exec start time under dockerd.
 */
const DOCKER_PY = /(^|\s)(docker-sdk-python|docker-py)\//;
const DOCKER_PY_HEAD_GAP_MS = 100;

/** The gap for a client, by User-Agent: long enough for docker-py to have read the head alone. */
export function headGapMs(userAgent: string | undefined): number {
  return DOCKER_PY.test(userAgent ?? "") ? DOCKER_PY_HEAD_GAP_MS : HEAD_GAP_MS;
}

function afterHeadGap(target: WritableStream<Uint8Array>, gapMs: number) {
  const headSent = performance.now();
  let first = true;
  const gap = new TransformStream<Uint8Array, Uint8Array>({
    async transform(chunk, controller) {
      const wait = gapMs - (performance.now() - headSent);
      if (first && wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      first = false;
      controller.enqueue(chunk);
    },
  });
  const piped = gap.readable.pipeTo(target, { preventClose: true }).catch(() => {});
  return {
    writable: gap.writable,
    async done() {
      await gap.writable.close().catch(() => {});
      await piped;
    },
  };
}
