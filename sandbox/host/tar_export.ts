/**
 * @module
 * A tar of a host path, streamed: entries are packed one by one, file bodies are piped from the
 * file (never read whole), and the packer is only fed as fast as its reader drains it.
 */

import { createTarPacker, type TarHeader, type TarPackController } from "modern-tar";

async function addFile(c: TarPackController, header: TarHeader, path: string): Promise<void> {
  const file = await Deno.open(path, { read: true });
  await file.readable.pipeTo(c.add(header));
}

async function addEmpty(c: TarPackController, header: TarHeader): Promise<void> {
  await c.add(header).close();
}

/** Kernel file systems of a root: not files a container's archive holds. */
const VIRTUAL = new Set(["/proc", "/sys", "/dev"]);

async function packTree(c: TarPackController, path: string, name: string): Promise<void> {
  const st = await Deno.lstat(path);
  const mode = (st.mode ?? 0o644) & 0o7777;
  const owner = { uid: st.uid ?? 0, gid: st.gid ?? 0, mtime: st.mtime ?? new Date() };
  if (st.isSymlink) {
    const linkname = await Deno.readLink(path);
    return addEmpty(c, { name, type: "symlink", size: 0, mode, linkname, ...owner });
  }
  if (st.isFile) return addFile(c, { name, type: "file", size: st.size, mode, ...owner }, path);
  if (!st.isDirectory) return; // sockets, fifos, devices: not archived
  await addEmpty(c, { name: `${name}/`, type: "directory", size: 0, mode, ...owner });
  const children: string[] = [];
  for await (const entry of Deno.readDir(path)) children.push(entry.name);
  for (const child of children.sort()) {
    if (path === "/" && VIRTUAL.has(`/${child}`)) continue;
    await packTree(c, `${path === "/" ? "" : path}/${child}`, `${name}/${child}`);
  }
}

/** Streams a tar of host path `path` whose entries are named from `name`. */
export function exportHostTar(path: string, name: string): ReadableStream<Uint8Array> {
  const { readable, controller } = createTarPacker();
  packTree(controller, path, name).then(() => controller.finalize(), (e) => controller.error(e));
  return readable;
}
