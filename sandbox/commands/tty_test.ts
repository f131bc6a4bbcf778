/** `tty` reports the terminal a process's stdin is, as coreutils and busybox do. */

import { assertEquals } from "../_assert.ts";
import { container } from "../_test_helpers.ts";

const SCRIPT = "tty; echo $?; tty -s; echo $?; tty </dev/null; echo | tty";

Deno.test("tty without a terminal prints 'not a tty' and fails", async () => {
  const c = await container();
  const p = c.spawn({ argv: ["sh", "-c", SCRIPT] });
  const [out, code] = await Promise.all([new Response(p.stdout).text(), p.exited]);
  assertEquals([out, code], ["not a tty\n1\n1\nnot a tty\nnot a tty\n", 1]);
});

Deno.test("tty in a TTY process names its terminal unless stdin is redirected", async () => {
  const c = await container();
  const p = c.spawn({ argv: ["sh", "-c", SCRIPT], tty: true });
  const [out, code] = await Promise.all([new Response(p.stdout).text(), p.exited]);
  assertEquals([out, code], ["/dev/pts/0\r\n0\r\n0\r\nnot a tty\r\nnot a tty\r\n", 1]);
});
