import { assert, assertEquals, assertStringIncludes } from "../../tests/_helpers/assert.ts";
import { generateFiles } from "./generate.ts";
import { operationModels } from "./model.ts";
import { loadSpec } from "./spec_source.ts";

const ROOT = new URL("../..", import.meta.url).pathname;
const deno = Deno.execPath();

async function run(args: string[]): Promise<{ code: number; out: string }> {
  const { code, stdout, stderr } = await new Deno.Command(deno, { args, cwd: ROOT }).output();
  const dec = new TextDecoder();
  return { code, out: dec.decode(stdout) + dec.decode(stderr) };
}

Deno.test("the pinned spec is verified by sha256 and every operation is modelled", async () => {
  const spec = await loadSpec(ROOT);
  assertEquals(spec.sha256, "b42afd712c2922fe00f0c1651e6ce8b925e1f992695183c5540c4b7eab7bdeea");
  const ops = operationModels(spec.doc);
  const inSpec = Object.values(spec.doc.paths).flatMap((item) => Object.keys(item)).length;
  assertEquals(ops.length, inSpec);
  assertEquals(new Set(ops.map((o) => o.operationId)).size, ops.length);
  const create = ops.find((o) => o.operationId === "ContainerCreate")!;
  assertEquals([create.method, create.path, create.tag], [
    "POST",
    "/containers/create",
    "Container",
  ]);
  assertEquals(create.params.find((p) => p.name === "name")?.in, "query");
  assertEquals(create.body?.binary, false);
  const put = ops.find((o) => o.operationId === "PutContainerArchive")!;
  assertEquals(put.body?.binary, true);
});

Deno.test("generation is deterministic and matches the committed generated/docker", async () => {
  const spec = await loadSpec(ROOT);
  const files = generateFiles(spec.doc);
  for (const [name, text] of files) {
    assertStringIncludes(text.split("\n")[0], "do not edit", name);
    assertEquals(text === await Deno.readTextFile(`${ROOT}/generated/docker/${name}`), true, name);
  }
  assertEquals([...generateFiles(spec.doc)].join() === [...files].join(), true);
});

Deno.test("inline success bodies get an <OperationId>Response type; allOf with properties is both", async () => {
  const types = generateFiles((await loadSpec(ROOT)).doc).get("types.ts")!;
  assertStringIncludes(types, "export type ExecInspectResponse = {\n  CanRemove?: boolean;");
  assertStringIncludes(types, "export type SystemDataUsageResponse = {\n  ImageUsage?:");
  // Properties beside allOf extend it.
  assertStringIncludes(types, "export type NetworkInspect = Network & {\n");
  // ContainerInspect's body is a $ref: its definition is the type, not a second copy.
  assertEquals(types.split("export type ContainerInspectResponse =").length, 2);
});

Deno.test("a spec whose sha256 differs from the pin is refused", async () => {
  const dir = await Deno.makeTempDir();
  await Deno.mkdir(`${dir}/api-spec`);
  await Deno.mkdir(`${dir}/specs`);
  const pin = JSON.parse(await Deno.readTextFile(`${ROOT}/api-spec/docker.json`));
  await Deno.writeTextFile(
    `${dir}/api-spec/docker.json`,
    JSON.stringify({ ...pin, localDir: "specs" }),
  );
  await Deno.writeTextFile(`${dir}/specs/${pin.file}`, "swagger: '2.0'\n");
  let message = "";
  await loadSpec(dir).catch((err) => message = err.message);
  assertStringIncludes(message, "but the pin says");
  await Deno.remove(dir, { recursive: true });
});

Deno.test("the v1.44 spec generates and type-checks through the same task (upgrade path)", async () => {
  const out = await Deno.makeTempDir();
  const gen = await run([
    "task",
    "codegen",
    "--",
    "--spec",
    "../shared/specs/docker/v1.44.yaml",
    "--out",
    out,
  ]);
  assertEquals(gen.code, 0, gen.out);
  const table = await Deno.readTextFile(`${out}/operations.ts`);
  assertStringIncludes(table, 'export const API_VERSION = "1.44"');
  const checked = await run(["check", `${out}/mod.ts`]);
  assertEquals(checked.code, 0, checked.out);
  const mod = await import(`file://${out}/mod.ts`);
  assert(mod.operations.length > 90, "v1.44 has its operations");
  await Deno.remove(out, { recursive: true });
});

Deno.test("codegen --check fails on a stale output folder and passes on a fresh one", async () => {
  const out = await Deno.makeTempDir();
  assertEquals((await run(["task", "codegen", "--", "--out", out])).code, 0);
  assertEquals((await run(["task", "codegen:check", "--", "--out", out])).code, 0);
  await Deno.writeTextFile(`${out}/types.ts`, "// edited by hand\n", { append: true });
  const stale = await run(["task", "codegen:check", "--", "--out", out]);
  assertEquals(stale.code, 1);
  assertStringIncludes(stale.out, "is stale");
  assertStringIncludes(stale.out, "types.ts");
  await Deno.remove(out, { recursive: true });
});
