import { assert, assertEquals, assertRejects } from "../../../tests/_helpers/assert.ts";
import { DATA_KINDS, openDataRoot } from "./data_root.ts";

Deno.test("openDataRoot makes the folders, empties tmp and locks with our pid", async () => {
  const base = await Deno.makeTempDir();
  const root = await openDataRoot(`${base}/data`);
  await Deno.writeTextFile(`${root.tmp}/half-pull`, "x");
  for (const kind of DATA_KINDS) assert((await Deno.stat(root.dir(kind))).isDirectory, kind);
  assertEquals(await Deno.readTextFile(`${root.path}/sockerless.pid`), `${Deno.pid}\n`);
  await assertRejects(
    () => openDataRoot(`${base}/data`),
    `data root ${base}/data is in use by sockerless (pid ${Deno.pid}, lock file`,
  );
  root.release();
  const again = await openDataRoot(`${base}/data/`);
  assertEquals([...Deno.readDirSync(again.tmp)], []);
  again.release();
  await Deno.remove(base, { recursive: true });
});

Deno.test("the lock of a dead process is taken over", async () => {
  const base = await Deno.makeTempDir();
  const child = new Deno.Command("true").spawn();
  const { success } = await child.status;
  assert(success);
  await Deno.writeTextFile(`${base}/sockerless.pid`, `${child.pid}\n`);
  const original = console.error;
  console.error = () => {};
  const root = await openDataRoot(base).finally(() => console.error = original);
  assertEquals(await Deno.readTextFile(`${base}/sockerless.pid`), `${Deno.pid}\n`);
  root.release();
  await Deno.remove(base, { recursive: true });
});

Deno.test("a live process holding the lock refuses a second opener", async () => {
  const base = await Deno.makeTempDir();
  // Another process opens the root and keeps it, as a running daemon does.
  const script = `import { openDataRoot } from "${new URL("./data_root.ts", import.meta.url)}";
    await openDataRoot("${base}"); console.log("locked"); setInterval(() => {}, 1000);`;
  const child = new Deno.Command(Deno.execPath(), {
    args: ["eval", script],
    stdout: "piped",
    stderr: "null",
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  assertEquals((await reader.read()).value?.trim(), "locked");
  await assertRejects(
    () => openDataRoot(base),
    `(pid ${child.pid}, lock file ${base}/sockerless.pid)`,
  );
  child.kill("SIGKILL");
  await child.status;
  reader.releaseLock();
  await child.stdout.cancel().catch(() => {});
  // The kernel dropped the dead holder's lock: the root is taken over.
  const original = console.error;
  console.error = () => {};
  const root = await openDataRoot(base).finally(() => console.error = original);
  assertEquals(await Deno.readTextFile(`${base}/sockerless.pid`), `${Deno.pid}\n`);
  root.release();
  await Deno.remove(base, { recursive: true });
});
