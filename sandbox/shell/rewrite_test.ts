import { assertEquals, assertStringIncludes } from "../_assert.ts";
import { container } from "../_test_helpers.ts";
import { CHECKPOINT_PATH, hideCheckpoints, rewriteScript } from "./rewrite.ts";

Deno.test("pipe stages learn their routing through a prefix assignment", () => {
  const { script } = rewriteScript("a | b | c");
  assertEquals(script.trim(), "__SBX_R=o=c a | __SBX_R=o=c,i=c b | __SBX_R=i=c c");
});

Deno.test("redirected commands and substitutions are bracketed by push/pop", () => {
  const { script } = rewriteScript("echo x >&2; y=$(date)");
  assertStringIncludes(script, "__sbx push o=e");
  assertStringIncludes(script, "__sbx push o=c");
  assertStringIncludes(script, "__sbx pop $?");
});

Deno.test("2>&1 and |& route stderr to wherever stdout goes", () => {
  assertStringIncludes(rewriteScript("a 2>&1").script, "push e=o");
  assertStringIncludes(rewriteScript("a |& b").script, "__SBX_R=o=c,e=o a");
});

Deno.test("trap and path commands go to the sandbox, functions are collected", () => {
  const r = rewriteScript("f() { ./run.sh; }\ntrap f EXIT\n/bin/ls");
  assertStringIncludes(r.script, "__sbx trap f EXIT");
  assertStringIncludes(r.script, "__sbx exec ./run.sh");
  assertStringIncludes(r.script, "__sbx exec /bin/ls");
  assertStringIncludes(r.functions, "f()");
});

Deno.test("every loop body starts with a checkpoint, negated in until", () => {
  const r = rewriteScript(
    "while :; do :; done; until false; do :; done; for i in 1; do :; done; for ((;;)); do :; done",
  );
  assertEquals(r.script.split(`-e ${CHECKPOINT_PATH}`).length - 1, 4);
  assertEquals(r.script.split("! ").length - 1, 1);
  const trace = `+ x\n+ '[' -e ${CHECKPOINT_PATH} ']'\n+ ! '[' -e ${CHECKPOINT_PATH} ']'\n+ y\n`;
  assertEquals(hideCheckpoints(trace), "+ x\n+ y\n");
});

Deno.test("exec 0</dev/null empties stdin for the rest of the shell, pipes still feed their stages", async () => {
  assertEquals(rewriteScript("exec 0< /dev/null").script.includes("/dev/null"), false);
  const c = await container();
  const p = c.spawn({
    argv: ["sh", "-c", "exec 0</dev/null; cat; echo 'a b' | cut -d' ' -f2; echo x | tr x y"],
  });
  const w = p.stdin.getWriter();
  await w.write(new TextEncoder().encode("live\n"));
  await w.close();
  assertEquals(await new Response(p.stdout).text(), "b\ny\n");
  assertEquals(await p.exited, 0);
});
