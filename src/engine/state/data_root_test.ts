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

const DENO_FLAGS = ["run", "--allow-read", "--allow-write"];
const HOLDER = new URL("./data_root.ts", import.meta.url).href;

/** A separate process that opens the data root and holds it until killed. */
async function holder(root: string): Promise<Deno.ChildProcess> {
  const code = `import { openDataRoot } from "${HOLDER}";
await openDataRoot(${JSON.stringify(root)}); console.log("held"); setInterval(() => {}, 1000);`;
  const child = new Deno.Command(Deno.execPath(), {
    args: [...DENO_FLAGS, "--no-check", "-"],
    stdin: "piped",
    stdout: "piped",
    stderr: "null",
    env: { DENO_NO_UPDATE_CHECK: "1" },
  }).spawn();
  const w = child.stdin.getWriter();
  await w.write(new TextEncoder().encode(code));
  await w.close();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  assertEquals((await reader.read()).value?.trim(), "held");
  reader.releaseLock();
  return child;
}

Deno.test("a live daemon's lock refuses a second opener; once it is killed, it is taken over", async () => {
  const base = await Deno.makeTempDir();
  const child = await holder(base);
  await assertRejects(
    () => openDataRoot(base),
    `data root ${base} is in use by sockerless (pid ${child.pid}, lock file ${base}/sockerless.pid)`,
  );
  child.kill("SIGKILL");
  await child.status;
  const original = console.error;
  const said: string[] = [];
  console.error = (...a: unknown[]) => said.push(a.join(" "));
  const root = await openDataRoot(base).finally(() => console.error = original);
  assert(said.some((s) => s.includes(`from pid ${child.pid}, which is gone`)), said.join());
  assertEquals(await Deno.readTextFile(`${base}/sockerless.pid`), `${Deno.pid}\n`);
  root.release();
  await Deno.remove(base, { recursive: true });
});
