/**
 * @module
 * Writing tars entry by entry: one `addEntry` for every packer in the tree (the sandbox's
 * exports, its changes tar, the engine's small tars), and `tarOf` for a list of entries.
 */

import { createTarPacker, type TarHeader, type TarPackController } from "modern-tar";

/** One entry: its header and, for a file, its bytes. */
export interface TarEntry {
  header: TarHeader;
  body?: Uint8Array;
}

/** Adds one entry (header, then the body of a file) to a packer. */
export async function addEntry(
  controller: TarPackController,
  header: TarHeader,
  body?: Uint8Array,
): Promise<void> {
  const writer = controller.add(header).getWriter();
  if (body?.byteLength) await writer.write(body);
  await writer.close();
}

/** A tar of entries (header, body), streamed. */
export function tarOf(entries: TarEntry[]): ReadableStream<Uint8Array> {
  const { readable, controller } = createTarPacker();
  (async () => {
    for (const { header, body } of entries) await addEntry(controller, header, body);
  })().then(() => controller.finalize(), (err) => controller.error(err));
  return readable;
}
