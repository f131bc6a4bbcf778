/**
 * The GitLab Runner pattern over a raw socket: attach (hijacked, with stdin) before start,
 * write the script after start, half-close, read the output to the end; then restart and
 * re-attach the same container for the next script.
 */
import { parseFrames } from "../../src/engine/stdcopy.ts";
import { assertEquals, assertStringIncludes } from "../_helpers/assert.ts";
import { waitFor } from "../_helpers/wait.ts";
import { startDaemon } from "./daemon.ts";

const daemon = await startDaemon();
Deno.test.afterAll(() => daemon.stop());

const encoder = new TextEncoder();

/** One HTTP request on its own connection; answers status and body. */
async function request(method: string, path: string, body?: unknown): Promise<[number, string]> {
  const conn = await Deno.connect({ transport: "unix", path: daemon.socket });
  const payload = body === undefined ? "" : JSON.stringify(body);
  await conn.write(encoder.encode(
    `${method} ${path} HTTP/1.1\r\nHost: docker\r\nConnection: close\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${
        encoder.encode(payload).byteLength
      }\r\n\r\n${payload}`,
  ));
  let text = "";
  for await (const chunk of conn.readable.pipeThrough(new TextDecoderStream())) text += chunk;
  const status = Number(text.split(" ")[1]);
  const head = text.slice(0, text.indexOf("\r\n\r\n")).toLowerCase();
  const rest = text.slice(text.indexOf("\r\n\r\n") + 4);
  return [status, head.includes("transfer-encoding: chunked") ? dechunk(rest) : rest];
}

/** Decodes an HTTP/1.1 chunked body (ASCII bodies only, enough for JSON answers). */
function dechunk(body: string): string {
  let out = "";
  let at = 0;
  while (at < body.length) {
    const eol = body.indexOf("\r\n", at);
    const size = parseInt(body.slice(at, eol), 16);
    if (!size) break;
    out += body.slice(eol + 2, eol + 2 + size);
    at = eol + 2 + size + 2;
  }
  return out;
}

/** Attaches with stdin and returns the connection after reading the 101 head. */
async function attach(id: string): Promise<{ conn: Deno.UnixConn; rest: Uint8Array }> {
  const conn = await Deno.connect({ transport: "unix", path: daemon.socket });
  await conn.write(encoder.encode(
    `POST /v1.44/containers/${id}/attach?stream=1&stdin=1&stdout=1&stderr=1 HTTP/1.1\r\n` +
      "Host: docker\r\nConnection: Upgrade\r\nUpgrade: tcp\r\nContent-Length: 0\r\n\r\n",
  ));
  let head = new Uint8Array();
  const buf = new Uint8Array(4096);
  while (!new TextDecoder().decode(head).includes("\r\n\r\n")) {
    const n = await conn.read(buf);
    if (n === null) throw new Error("closed before the upgrade");
    head = new Uint8Array([...head, ...buf.subarray(0, n)]);
  }
  const text = new TextDecoder().decode(head);
  assertStringIncludes(text, "HTTP/1.1 101 UPGRADED");
  assertStringIncludes(text.toLowerCase(), "application/vnd.docker.multiplexed-stream");
  const end = text.indexOf("\r\n\r\n") + 4;
  return { conn, rest: head.subarray(encoder.encode(text.slice(0, end)).byteLength) };
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const all = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.byteLength;
  }
  return all;
}

/** The stdout and stderr text of multiplexed frames. */
function demux(bytes: Uint8Array): { out: string; err: string } {
  const dec = new TextDecoder();
  const frames = parseFrames(bytes);
  return {
    out: frames.filter((f) => f.stream === 1).map((f) => dec.decode(f.payload)).join(""),
    err: frames.filter((f) => f.stream === 2).map((f) => dec.decode(f.payload)).join(""),
  };
}

async function readToEnd(
  conn: Deno.UnixConn,
  rest: Uint8Array,
): Promise<{ out: string; err: string }> {
  const chunks = [rest];
  for await (const chunk of conn.readable) chunks.push(chunk);
  return demux(concat(chunks));
}

/** Reads until stdout holds `text`; answers all bytes read so far, to go on reading after. */
async function readUntilOut(conn: Deno.UnixConn, rest: Uint8Array, text: string) {
  let got = rest;
  const buf = new Uint8Array(4096);
  while (!demux(got).out.includes(text)) {
    const n = await conn.read(buf);
    if (n === null) throw new Error(`the attach closed before ${JSON.stringify(text)} arrived`);
    got = concat([got, buf.slice(0, n)]);
  }
  return got;
}

async function runScript(id: string, script: string): Promise<{ out: string; err: string }> {
  const { conn, rest } = await attach(id);
  const [started] = await request("POST", `/v1.44/containers/${id}/start`);
  assertEquals(started, 204);
  // The script arrives once the container runs, as from the runner.
  await waitFor(
    async () => JSON.parse((await request("GET", `/v1.44/containers/${id}/json`))[1]).State.Running,
    {
      message: "the container to run",
    },
  );
  await conn.write(encoder.encode(script));
  await conn.closeWrite();
  return await readToEnd(conn, rest);
}

Deno.test({
  name: "attach before start, stdin after start, half-close; restart and re-attach",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    assertEquals(
      (await request("POST", "/v1.44/images/create?fromImage=alpine&tag=latest"))[0],
      200,
    );
    const [status, body] = await request("POST", "/v1.44/containers/create?name=runner-job", {
      Image: "alpine",
      Cmd: ["sh"],
      OpenStdin: true,
      StdinOnce: true,
      AttachStdin: true,
      AttachStdout: true,
      AttachStderr: true,
    });
    assertEquals(status, 201, body);
    const id = JSON.parse(body).Id;
    const first = await runScript(
      id,
      "echo step one\necho to-stderr >&2\ntouch /tmp/marker\nexit 0\n",
    );
    assertEquals(first, { out: "step one\n", err: "to-stderr\n" });
    const [, waited] = await request("POST", `/v1.44/containers/${id}/wait`);
    assertEquals(JSON.parse(waited).StatusCode, 0);
    const second = await runScript(id, "test -f /tmp/marker && echo same container\nexit 3\n");
    assertEquals(second, { out: "same container\n", err: "" });
    const [, inspected] = await request("GET", `/v1.44/containers/${id}/json`);
    assertEquals(JSON.parse(inspected).State.ExitCode, 3);
  },
});

Deno.test({
  name: "ctrl-p ctrl-q detaches without closing stdin; a re-attach carries on",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const [, body] = await request("POST", "/v1.44/containers/create", {
      Image: "alpine",
      Cmd: ["cat"],
      OpenStdin: true,
      StdinOnce: true,
    });
    const id = JSON.parse(body).Id;
    assertEquals((await request("POST", `/v1.44/containers/${id}/start`))[0], 204);
    const first = await attach(id);
    await first.conn.write(encoder.encode("one\n"));
    // The detach keys go only once the line has been through the container.
    const echoed = await readUntilOut(first.conn, first.rest, "one\n");
    await first.conn.write(new Uint8Array([0x10, 0x11]));
    assertEquals((await readToEnd(first.conn, echoed)).out, "one\n");
    const [, state] = await request("GET", `/v1.44/containers/${id}/json`);
    assertEquals(JSON.parse(state).State.Running, true, "detaching leaves the container running");
    const second = await attach(id);
    await second.conn.write(encoder.encode("two\n"));
    await second.conn.closeWrite();
    assertEquals((await readToEnd(second.conn, second.rest)).out, "two\n");
    const [, waited] = await request("POST", `/v1.44/containers/${id}/wait`);
    assertEquals(JSON.parse(waited).StatusCode, 0);
  },
});
