import { assert, assertEquals } from "../../../tests/_helpers/assert.ts";
import { createTarPacker } from "modern-tar";
import { parseReference } from "../../../sandbox/oci/mod.ts";
import { ObjectStore } from "../state/mod.ts";
import { openImageStore } from "./image_disk.ts";
import { storeLayer } from "./commit.ts";
import { importImage } from "./import.ts";
import { catalogueStandIns } from "../../backends/memory/images/stand_ins.ts";
import { SandboxRuntime } from "../../../sandbox/sandbox_runtime.ts";
import { rootfsOf } from "../containers/runtime_spec.ts";
import type { ImageRecord } from "./store.ts";
import { pullInto } from "./pull.ts";
import { removeImage } from "./remove.ts";

function root(dir: string) {
  return {
    tmp: `${dir}/tmp`,
    dir(kind: string) {
      Deno.mkdirSync(`${dir}/${kind}`, { recursive: true });
      return `${dir}/${kind}`;
    },
  };
}

function fileTar(name: string, text: string): ReadableStream<Uint8Array> {
  const { readable, controller } = createTarPacker();
  const data = new TextEncoder().encode(text);
  (async () => {
    const w = controller.add({ name, type: "file", size: data.length, mode: 0o644 }).getWriter();
    await w.write(data);
    await w.close();
    controller.finalize();
  })();
  return readable;
}

async function withRoot(fn: (dir: string) => Promise<void>) {
  const dir = await Deno.makeTempDir({ prefix: "image-disk-test-" });
  await Deno.mkdir(`${dir}/tmp`);
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const standIns = catalogueStandIns();
const quiet = { onProgress: () => {}, standIns };

/** The bytes at `path` in a container of `image` (its layers unpacked by a fresh runtime). */
async function fileOf(image: ImageRecord, path: string): Promise<string> {
  const c = await new SandboxRuntime().createContainer({ rootfs: rootfsOf(image, image.id) });
  return new TextDecoder().decode(await c.readFile(path));
}

Deno.test("images, tags and layer contents survive a reopen of the data root", async () => {
  await withRoot(async (dir) => {
    const first = await openImageStore(root(dir));
    await pullInto(first.store, first.files, parseReference("alpine:3.20"), quiet);
    const imported = await importImage(first.store, first.files, fileTar("hello.txt", "hi\n"), {
      repo: "mine",
      tag: "v1",
      changes: ['CMD ["cat", "/hello.txt"]'],
    });

    const second = await openImageStore(root(dir), standIns);
    const alpine = second.store.get("alpine:3.20");
    assertEquals(alpine.id, first.store.get("alpine:3.20").id);
    assert((await fileOf(alpine, "/etc/os-release")).includes("Alpine Linux"));
    const mine = second.store.get("mine:v1");
    assertEquals(mine.id, imported.id);
    assertEquals(mine.config.Cmd, ["cat", "/hello.txt"]);
    assertEquals(await fileOf(mine, "/hello.txt"), "hi\n");
    const tar = await new Response(mine.layers[0].open()).arrayBuffer();
    assertEquals(tar.byteLength, mine.layers[0].size);
  });
});

Deno.test("records and tars no indexed image uses are deleted at open", async () => {
  await withRoot(async (dir) => {
    const first = await openImageStore(root(dir));
    await pullInto(first.store, first.files, parseReference("busybox"), quiet);
    const records = new ObjectStore<unknown>(`${dir}/images/db`);
    await records.put("sha256:" + "a".repeat(64), { half: "written" });
    await Deno.writeTextFile(`${dir}/layers/${"b".repeat(64)}.tar`, "partial");

    const second = await openImageStore(root(dir));
    assertEquals([...second.store.values()].map((i) => i.repoTags), [["busybox:latest"]]);
    assertEquals([...(await records.loadAll()).keys()].length, 1);
    assertEquals([...Deno.readDirSync(`${dir}/layers`)].length, 0);
  });
});

Deno.test("images of an uncommitted transaction are not saved; removal deletes tars", async () => {
  await withRoot(async (dir) => {
    const first = await openImageStore(root(dir));
    const txn = first.store.begin();
    const kept = await importImage(first.store, first.files, fileTar("a", "a"), { changes: [] });
    const base = first.store.get(kept.id);
    first.store.add({ ...base, id: "sha256:" + "c".repeat(64), repoTags: ["pending:1"] }, { txn });
    await first.store.save();
    const gone = await importImage(first.store, first.files, fileTar("b", "b"), {
      repo: "gone",
      changes: [],
    });
    assertEquals([...Deno.readDirSync(`${dir}/layers`)].length, 2);
    removeImage({ store: first.store, usersOf: () => [], event: () => {} }, "gone", false);
    await first.store.save();
    assertEquals([...Deno.readDirSync(`${dir}/layers`)].length, 1);

    const second = await openImageStore(root(dir));
    assertEquals([...second.store.values()].map((i) => i.id), [kept.id]);
    assert(!second.store.find(gone.id));
    await txn.commit();
    const third = await openImageStore(root(dir));
    assertEquals(third.store.get("pending:1").id, "sha256:" + "c".repeat(64));
  });
});

Deno.test("a damaged index keeps the complete images, untagged, instead of deleting them", async () => {
  await withRoot(async (dir) => {
    const first = await openImageStore(root(dir));
    const image = await importImage(first.store, first.files, fileTar("a", "a"), {
      repo: "kept",
      changes: [],
    });
    await Deno.writeTextFile(`${dir}/images/repositories.json`, '{"sha256":"torn');
    const errors: string[] = [];
    const error = console.error;
    console.error = (msg: string) => errors.push(msg);
    try {
      const second = await openImageStore(root(dir));
      assertEquals([...second.store.values()].map((i) => [i.id, i.repoTags]), [[image.id, []]]);
    } finally {
      console.error = error;
    }
    assertEquals(errors.length, 2, errors.join("\n"));
    const third = await openImageStore(root(dir));
    assertEquals(third.store.get(image.id).layers.length, 1);
  });
});

Deno.test("after a reopen, a child image's layers give its parent's files and its own", async () => {
  await withRoot(async (dir) => {
    const first = await openImageStore(root(dir));
    const parent = await importImage(first.store, first.files, fileTar("p", "parent"), {
      repo: "parent",
      changes: [],
    });
    const top = await storeLayer(first.files, fileTar("c", "child"));
    first.store.add({
      ...parent,
      id: "sha256:" + "d".repeat(64),
      repoTags: ["child:1"],
      layers: [...parent.layers, top.entry],
      parent: parent.id,
    });
    await first.store.save();

    const second = await openImageStore(root(dir));
    const child = second.store.get("child:1");
    assertEquals([await fileOf(child, "/c"), await fileOf(child, "/p")], ["child", "parent"]);
  });
});
