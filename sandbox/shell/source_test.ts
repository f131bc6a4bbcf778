import { assert, assertEquals } from "../_assert.ts";
import { collect, container, sh } from "../_test_helpers.ts";
import { ManualClock } from "../sched/manual_clock.ts";
import { waitFor } from "../../tests/_helpers/wait.ts";

Deno.test("a sourced file runs rewritten in the current shell: pipes, exec 0<, return, args", async () => {
  const c = await container();
  await c.writeFile(
    "/s.sh",
    "exec 0< /dev/null\necho 'a b' | cut -d' ' -f2\nX=set\nf() { echo in-f; }\nouter\n" +
      'echo "arg=$1"\nreturn 4\necho never\n',
  );
  const r = await sh(c, "outer() { echo outer; }; . /s.sh one; echo rc=$? X=$X; f");
  assertEquals([r.out, r.err, r.code], ["b\nouter\narg=one\nrc=4 X=set\nin-f\n", "", 0]);
});

Deno.test("a missing or unparsable sourced file fails the . with bash's message", async () => {
  const c = await container();
  await c.writeFile("/bad.sh", "if then\n");
  const r = await sh(
    c,
    "source /nope; echo rc=$?; . /bad.sh; echo rc=$?; set -e; . /nope; echo no",
  );
  assertEquals(r.out, "rc=1\nrc=1\n");
  assertEquals(r.err.split("\n")[0], "bash: /nope: No such file or directory");
  assert(r.err.split("\n")[1].startsWith("bash: /bad.sh: "), r.err);
  assertEquals(r.code, 1);
});

Deno.test("a sourced script's output streams as it runs", async () => {
  // The clock stands still until told, so "first" arrives while the script is still sleeping.
  const clock = new ManualClock();
  const c = await container([], clock);
  await c.writeFile("/slow.sh", "echo first\nsleep 0.4\necho second\n");
  const p = c.spawn({ argv: ["sh", "-c", ". /slow.sh"] });
  const out = collect(p.stdout);
  await waitFor(() => out.text() === "first\n", { message: "the first line, mid-script" });
  await clock.advance(400);
  await Promise.all([out.done, new Response(p.stderr).text(), p.exited]);
  assertEquals(out.text(), "first\nsecond\n");
});
