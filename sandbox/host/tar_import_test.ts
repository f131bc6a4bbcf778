import { assert, assertEquals } from "../../tests/_helpers/assert.ts";
import { makeTar, type TarEntry } from "../../tests/_helpers/tar.ts";
import { packTar } from "modern-tar";
import { assertKind } from "../agent/_test_agent.ts";
import { importHostTar } from "./tar_import.ts";

async function withRoot(fn: (root: string) => Promise<void>): Promise<void> {
  const root = await Deno.realPath(await Deno.makeTempDir({ prefix: "tar-import-" }));
  try {
    await Deno.mkdir(`${root}/dest`);
    await fn(root);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
}

const put = (root: string, tar: Uint8Array<ArrayBuffer>, options = {}) =>
  importHostTar(root, `${root}/dest`, new Blob([tar]).stream(), options);

async function listing(dir: string): Promise<string[]> {
  const out: string[] = [];
  for await (const e of Deno.readDir(dir)) out.push(e.name);
  return out.sort();
}

Deno.test("an extract follows the tar's own symlinks inside the root and makes hard links", async () => {
  await withRoot(async (root) => {
    const tar = await packTar([
      { header: { name: "real/", type: "directory", size: 0 } },
      { header: { name: "alias", type: "symlink", linkname: "real", size: 0 } },
      { header: { name: "alias/through.txt", type: "file", size: 2 }, body: "ok" },
      { header: { name: "hard", type: "link", linkname: "alias/through.txt", size: 0 } },
    ]);
    await put(root, tar);
    assertEquals(await Deno.readTextFile(`${root}/dest/real/through.txt`), "ok");
    assertEquals(await Deno.readTextFile(`${root}/dest/hard`), "ok");
    assertEquals((await Deno.lstat(`${root}/dest/hard`)).nlink, 2);
  });
});

Deno.test("hard links out of the root and writes through a symlink already pointing out are refused", async () => {
  await withRoot(async (root) => {
    const outside = await Deno.makeTempDir({ prefix: "tar-outside-" });
    try {
      await Deno.writeTextFile(`${outside}/secret`, "s");
      await Deno.symlink(outside, `${root}/dest/out`);
      const link = await packTar([
        { header: { name: "first.txt", type: "file", size: 1 }, body: "1" },
        { header: { name: "steal", type: "link", linkname: "out/secret", size: 0 } },
      ]);
      await assertKind(() => put(root, link), "InvalidParameter", "leaves the container's root");
      const through: TarEntry[] = [{ name: "first.txt", body: "1" }, {
        name: "out/planted",
        body: "x",
      }];
      await assertKind(() => put(root, makeTar(through)), "InvalidParameter", "leaves");
      assertEquals(await listing(outside), ["secret"]);
      assertEquals(await listing(`${root}/dest`), ["out"], "not even the first entry was made");
    } finally {
      await Deno.remove(outside, { recursive: true });
    }
  });
});

Deno.test("noOverwriteDirNonDir refuses a file over a directory, and the tar's modes are kept", async () => {
  await withRoot(async (root) => {
    await Deno.mkdir(`${root}/dest/taken`);
    const tar = makeTar([{ name: "taken", body: "file" }]);
    await assertKind(
      () => put(root, tar, { noOverwriteDirNonDir: true }),
      "InvalidParameter",
      "would replace a directory",
    );
    assert((await Deno.stat(`${root}/dest/taken`)).isDirectory, "the directory is still there");
    await put(root, makeTar([{ name: "run.sh", body: "#!/bin/sh\n", mode: 0o750 }]));
    assertEquals((await Deno.stat(`${root}/dest/run.sh`)).mode! & 0o777, 0o750);
  });
});
