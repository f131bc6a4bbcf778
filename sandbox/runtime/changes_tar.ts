/**
 * @module
 * A container's changes as a layer tar for `docker commit`: added and modified paths as entries
 * (in path order, so parents come first), deleted ones as OCI whiteouts (`.wh.<name>`).
 */

import { createTarPacker, type TarHeader } from "modern-tar";
import { addEntry } from "../oci/tar_pack.ts";
import type { SandboxContainer } from "../container.ts";

/** Streams the container's changes against its image as a tar. */
export function changesTar(sandbox: SandboxContainer): ReadableStream<Uint8Array> {
  const { readable, controller } = createTarPacker();
  const changes = sandbox.changes().filter((c) => c.path !== "/").sort((a, b) =>
    a.path < b.path ? -1 : a.path > b.path ? 1 : 0
  );
  (async () => {
    for (const change of changes) {
      const name = change.path.slice(1);
      const add = (header: TarHeader, body?: Uint8Array) => addEntry(controller, header, body);
      if (change.kind === "deleted") {
        const slash = name.lastIndexOf("/");
        const whiteout = `${name.slice(0, slash + 1)}.wh.${name.slice(slash + 1)}`;
        await add({ name: whiteout, type: "file", size: 0, mode: 0o644 });
        continue;
      }
      const st = await sandbox.stat(change.path);
      if (!st) continue;
      const base = { mode: st.mode & 0o7777, mtime: st.mtime };
      if (st.kind === "directory") {
        await add({ ...base, name: `${name}/`, type: "directory", size: 0 });
      } else if (st.kind === "symlink") {
        await add({ ...base, name, type: "symlink", size: 0, linkname: st.linkTarget ?? "" });
      } else {
        const data = await sandbox.readFile(change.path);
        await add({ ...base, name, type: "file", size: data.byteLength }, data);
      }
    }
  })().then(() => controller.finalize(), (err) => controller.error(err));
  return readable;
}
