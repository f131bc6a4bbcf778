/**
 * @module
 * Reading the Node streams that dockerode and Testcontainers hand back: whole, demultiplexed
 * into stdout/stderr, or line by line until a wanted line arrives.
 */

import { Buffer } from "node:buffer";
import { PassThrough, Readable, Writable } from "node:stream";
import { unpackTar } from "modern-tar";

/** A Node readable stream, as the npm clients return them. */
export type NodeReadable = NodeJS.ReadableStream & { destroy?: () => void };

/** Every byte of `stream` until it ends. */
export function collect(stream: NodeReadable): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on("data", (c: Buffer | string) => chunks.push(Buffer.from(c)));
    stream.on("end", () => resolve(Buffer.concat(chunks)));
    stream.on("error", reject);
  });
}

/**
 * Splits a multiplexed stream (8-byte frame headers) with `demux` (dockerode's
 * `modem.demuxStream`) and answers stdout and stderr once it ends.
 */
export async function demuxed(
  stream: NodeReadable,
  demux: (s: NodeReadable, out: PassThrough, err: PassThrough) => void,
): Promise<{ stdout: string; stderr: string }> {
  const out = new PassThrough();
  const err = new PassThrough();
  const texts = Promise.all([collect(out), collect(err)]);
  demux(stream, out, err);
  await new Promise<void>((resolve, reject) => {
    stream.on("end", resolve);
    stream.on("close", resolve);
    stream.on("error", reject);
  });
  out.end();
  err.end();
  const [stdout, stderr] = await texts;
  return { stdout: stdout.toString(), stderr: stderr.toString() };
}

/**
 * Reads `stream` until a chunk boundary leaves text matching `wanted`, then destroys it (a
 * followed log or event stream never ends by itself). Answers everything read.
 */
export function readUntil(stream: NodeReadable, wanted: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = "";
    stream.on("data", (c: Buffer | string) => {
      text += c.toString();
      if (!wanted.test(text)) return;
      stream.destroy?.();
      resolve(text);
    });
    stream.on("end", () => reject(new Error(`stream ended before ${wanted}: ${text}`)));
    stream.on("error", reject);
  });
}

/** Bytes that arrived whole (logs without `follow`) as a stream for {@linkcode demuxed}. */
export function streamOf(bytes: Uint8Array): NodeReadable {
  return Readable.from([Buffer.from(bytes)]);
}

/** A writable that keeps what it is given (dockerode's `run` output), and its text. */
export function textSink(): { stream: Writable; text: () => string } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(Buffer.from(chunk));
      done();
    },
  });
  return { stream, text: () => Buffer.concat(chunks).toString() };
}

/** The regular files of a tar archive (a `getArchive` answer), by name. */
export async function tarFiles(archive: Uint8Array): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const entry of await unpackTar(new Uint8Array(archive))) {
    if (entry.header.type === "file") {
      files[entry.header.name] = new TextDecoder().decode(entry.data);
    }
  }
  return files;
}
