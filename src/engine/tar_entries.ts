/**
 * @module
 * Small tars the engine writes into runtime containers (a build's COPY, a working directory
 * made again), streamed entry by entry.
 */

import { createTarPacker, type TarHeader } from "modern-tar";

/** One entry: its header and, for a file, its bytes. */
export interface TarEntry {
  header: TarHeader;
  body?: Uint8Array;
}

/** A tar of entries (header, body), streamed. */
export function tarOf(entries: TarEntry[]): ReadableStream<Uint8Array> {
  const { readable, controller } = createTarPacker();
  (async () => {
    for (const { header, body } of entries) {
      const writer = controller.add(header).getWriter();
      if (body?.byteLength) await writer.write(body);
      await writer.close();
    }
  })().then(() => controller.finalize(), (err) => controller.error(err));
  return readable;
}
