/**
 * @module
 * A minimal keep-alive HTTP/1.1 client over a unix socket for benchmarks: one request at a
 * time per connection, JSON bodies, answers with status and body (chunked or sized).
 */

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** One keep-alive connection. */
export class UnixHttp {
  #conn: Deno.UnixConn;
  #buf = new Uint8Array(65536);
  #pending = "";

  private constructor(conn: Deno.UnixConn) {
    this.#conn = conn;
  }

  static async connect(path: string): Promise<UnixHttp> {
    return new UnixHttp(await Deno.connect({ transport: "unix", path }));
  }

  async request(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: string }> {
    // Bytes go as they are (a tar), anything else as JSON.
    const raw = body instanceof Uint8Array;
    const payload = raw ? body : encoder.encode(body === undefined ? "" : JSON.stringify(body));
    const head = `${method} ${path} HTTP/1.1\r\nHost: docker\r\nContent-Type: ` +
      `${raw ? "application/x-tar" : "application/json"}\r\n` +
      `Content-Length: ${payload.byteLength}\r\n\r\n`;
    const message = new Uint8Array(encoder.encode(head).byteLength + payload.byteLength);
    message.set(encoder.encode(head));
    message.set(payload, message.byteLength - payload.byteLength);
    for (let at = 0; at < message.byteLength;) at += await this.#conn.write(message.subarray(at));
    const headText = await this.#readUntil("\r\n\r\n");
    const status = Number(headText.split(" ")[1]);
    const length = /content-length: (\d+)/i.exec(headText);
    if (length) return { status, body: await this.#readBytes(Number(length[1])) };
    if (/transfer-encoding: chunked/i.test(headText)) {
      return { status, body: await this.#readChunked() };
    }
    return { status, body: "" };
  }

  async #fill(): Promise<void> {
    const n = await this.#conn.read(this.#buf);
    if (n === null) throw new Error("connection closed");
    this.#pending += decoder.decode(this.#buf.subarray(0, n));
  }

  async #readUntil(marker: string): Promise<string> {
    while (!this.#pending.includes(marker)) await this.#fill();
    const at = this.#pending.indexOf(marker);
    const out = this.#pending.slice(0, at);
    this.#pending = this.#pending.slice(at + marker.length);
    return out;
  }

  async #readBytes(n: number): Promise<string> {
    while (this.#pending.length < n) await this.#fill();
    const out = this.#pending.slice(0, n);
    this.#pending = this.#pending.slice(n);
    return out;
  }

  async #readChunked(): Promise<string> {
    let out = "";
    while (true) {
      const size = parseInt(await this.#readUntil("\r\n"), 16);
      if (size === 0) {
        await this.#readUntil("\r\n");
        return out;
      }
      out += await this.#readBytes(size);
      await this.#readUntil("\r\n");
    }
  }

  close(): void {
    this.#conn.close();
  }
}
