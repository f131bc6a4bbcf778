/**
 * @module
 * One raw `_ping` over a unix socket: how the chaos harness and the benchmarks tell that a daemon
 * they spawned answers, without an HTTP client in the way of the measurement.
 */

const PING = new TextEncoder().encode("GET /_ping HTTP/1.1\r\nHost: d\r\n\r\n");

/** True once the socket answers a `_ping` with 200. */
export async function pingOnce(socket: string): Promise<boolean> {
  try {
    const conn = await Deno.connect({ transport: "unix", path: socket });
    try {
      await conn.write(PING);
      const buf = new Uint8Array(512);
      const n = await conn.read(buf);
      return n !== null && new TextDecoder().decode(buf.subarray(0, n)).startsWith("HTTP/1.1 200");
    } finally {
      conn.close();
    }
  } catch {
    return false;
  }
}
