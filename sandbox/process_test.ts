import { assert, assertEquals, assertStringIncludes } from "./_assert.ts";
import { container, run, sh } from "./_test_helpers.ts";
import { ManualClock } from "./sched/manual_clock.ts";
import { settledFlag, waitFor, within } from "../tests/_helpers/wait.ts";

Deno.test("sh scripts: pipes, redirections, here-docs, functions, substitution, arithmetic", async () => {
  const c = await container();
  const r = await sh(
    c,
    [
      'f() { echo "f:$1"; }',
      "f one | tr a-z A-Z",
      'x=$(echo sub); echo "$x $((6*7))"',
      "echo saved > /tmp/o; cat /tmp/o",
      "for i in 1 2; do echo loop$i; done",
      "cat <<EOF",
      "doc $x",
      "EOF",
      "echo err >&2",
    ].join("\n"),
  );
  assertEquals(r.out, "F:ONE\nsub 42\nsaved\nloop1\nloop2\ndoc sub\n");
  assertEquals(r.err, "err\n");
  assertEquals(r.code, 0);
});

Deno.test("set -e, exit N, source and #! scripts", async () => {
  const c = await container();
  assertEquals((await sh(c, "set -e; false; echo no")).code, 1);
  assertEquals((await sh(c, "exit 7")).code, 7);
  await c.writeFile("/tmp/lib.sh", "LIBVAR=hello\n");
  assertEquals((await sh(c, ". /tmp/lib.sh; echo $LIBVAR")).out, "hello\n");
  await c.writeFile("/usr/local/bin/greet", '#!/bin/sh\necho "hi $1"\nexit 4\n');
  await c.fs.chmod("/usr/local/bin/greet", 0o755);
  const r = await sh(c, "/usr/local/bin/greet you; echo $?");
  assertEquals(r.out, "hi you\n4\n");
});

Deno.test("bash is available and trap EXIT runs", async () => {
  const c = await container();
  const r = await run(c, [
    "bash",
    "-c",
    "cleanup() { echo cleaned $V; }; trap cleanup EXIT; V=1; echo main",
  ]);
  assertEquals(r.out, "main\ncleaned 1\n");
});

Deno.test("unknown command gives not found and 127", async () => {
  const c = await container();
  const r = await run(c, ["nosuchcmd"]);
  assertEquals(r.code, 127);
  assertEquals(r.err, "sh: nosuchcmd: not found\n");
});

Deno.test("first output byte streams before the script ends", async () => {
  // The clock stands still, so the script's sleeps cannot end: the byte came before they did.
  const clock = new ManualClock();
  const c = await container([], clock);
  const p = c.spawn({ argv: ["sh", "-c", "for i in 1 2 3; do echo $i; sleep 1; done"] });
  const reader = p.stdout.getReader();
  const first = await within(reader.read(), { message: "the first output byte" });
  assertEquals(new TextDecoder().decode(first.value), "1\n");
  assertEquals(clock.now(), 0);
  p.signal("KILL");
  assertEquals(await p.exited, 137);
});

Deno.test("stdin streams in: cat echoes each write before stdin closes, then half-close ends it", async () => {
  const c = await container();
  const p = c.spawn({ argv: ["cat"], stdin: true });
  const w = p.stdin.getWriter();
  const r = p.stdout.getReader();
  await w.write(new TextEncoder().encode("one\n"));
  assertEquals(new TextDecoder().decode((await r.read()).value), "one\n");
  await w.write(new TextEncoder().encode("two\n"));
  assertEquals(new TextDecoder().decode((await r.read()).value), "two\n");
  await w.close();
  assertEquals(await p.exited, 0);
});

Deno.test("SIGTERM exits 143, SIGKILL 137, keep-alives block until signalled", async () => {
  const c = await container();
  for (
    const argv of [["sleep", "infinity"], ["tail", "-f", "/dev/null"], [
      "sh",
      "-c",
      "while true; do sleep 1; done",
    ]]
  ) {
    const p = c.spawn({ argv });
    await waitFor(() => c.processes().some((q) => q.argv.join(" ") === argv.join(" ")), {
      message: `${argv.join(" ")} to run`,
    });
    p.signal("TERM");
    assertEquals(await p.exited, 143, argv.join(" "));
  }
  const cat = c.spawn({ argv: ["cat"], stdin: true });
  cat.signal("KILL");
  assertEquals(await cat.exited, 137);
});

Deno.test("a trapped SIGTERM runs the handler; an ignored one needs the stop timeout", async () => {
  const c = await container();
  const p = c.spawn({
    argv: ["sh", "-c", "trap 'echo got term; exit 3' TERM; echo ready; sleep 100"],
  });
  const reader = p.stdout.getReader();
  assertEquals(new TextDecoder().decode((await reader.read()).value), "ready\n");
  p.signal("TERM");
  assertEquals(new TextDecoder().decode((await reader.read()).value), "got term\n");
  assertEquals(await p.exited, 3);
  // On a manual clock, so the grace period is exact.
  const clock = new ManualClock();
  const timed = await container([], clock);
  const stubborn = timed.spawn({ argv: ["sh", "-c", "trap '' TERM; echo x; sleep 100"] });
  await stubborn.stdout.getReader().read();
  const stopped = stubborn.stop(100);
  const ended = settledFlag(stopped);
  await clock.advance(99);
  assert(!ended(), "TERM was ignored, and the timeout has not run out");
  await clock.advance(1);
  assertEquals(await within(stopped, { message: "the stop to end the process" }), 137);
});

Deno.test("ps and /proc see the container's processes", async () => {
  const c = await container();
  const idle = c.spawn({ argv: ["sleep", "infinity"] });
  const r = await sh(c, "ps; cat /proc/" + idle.pid + "/cmdline | tr '\\000' ' '");
  assertStringIncludes(r.out, "sleep infinity");
  assertStringIncludes(r.out, "PID   USER");
  assert(c.processes().some((p) => p.pid === idle.pid));
  idle.signal("KILL");
  await idle.exited;
});

Deno.test("tty merges stderr into stdout with CRLF", async () => {
  const c = await container();
  const p = c.spawn({ argv: ["sh", "-c", "echo out; echo err >&2"], tty: true });
  assertEquals(await new Response(p.stdout).text(), "out\r\nerr\r\n");
});

Deno.test("env, cwd, user and hostname are per process", async () => {
  const c = await container();
  const p = c.spawn({
    argv: ["sh", "-c", "echo $FOO; pwd; id -u; whoami; hostname; id -un"],
    env: { FOO: "bar" },
    cwd: "/tmp",
    user: "nobody",
    hostname: "other",
  });
  assertEquals(
    await new Response(p.stdout).text(),
    "bar\n/tmp\n65534\nnobody\nother\nnobody\n",
  );
});

Deno.test("exec runs further processes in the same filesystem", async () => {
  const c = await container();
  const main = c.spawn({ argv: ["sh", "-c", "echo from-main > /tmp/shared; sleep infinity"] });
  await waitFor(() => c.stat("/tmp/shared"), { message: "main to write /tmp/shared" });
  const r = await run(c, ["cat", "/tmp/shared"]);
  assertEquals(r.out, "from-main\n");
  assert(c.processes().length >= 1);
  main.signal("KILL");
  await main.exited;
});

Deno.test("stderr and stdout stay separate and in order per stream", async () => {
  const c = await container();
  const r = await sh(
    c,
    "echo 1; echo a >&2; echo 2 2>&1; ls /nonexistent 2>&1 | wc -l; echo b >&2",
  );
  assertEquals(r.out, "1\n2\n1\n");
  assertEquals(r.err, "a\nb\n");
});

Deno.test("a SIGTERM to cat with open stdin exits 143", async () => {
  const c = await container();
  const p = c.spawn({ argv: ["cat"], stdin: true });
  p.signal("SIGTERM");
  assertEquals(await p.exited, 143);
});

Deno.test("syntax errors exit 2 and non-executable files 126", async () => {
  const c = await container();
  const bad = await sh(c, "if then");
  assertEquals(bad.code, 2);
  assertStringIncludes(bad.err, "syntax error");
  await c.writeFile("/tmp/plain", "echo hi\n");
  const r = await sh(c, "/tmp/plain; echo $?");
  assertEquals(r.out, "126\n");
});

Deno.test("sh -c sets $0 and the positional parameters", async () => {
  const c = await container();
  assertEquals((await run(c, ["sh", "-c", "echo $0 $1 $#", "name", "one"])).out, "name one 1\n");
});

Deno.test("scripts found in PATH are rewritten too, so their pipes route correctly", async () => {
  const c = await container();
  await c.writeFile("/usr/local/bin/entry", '#!/bin/sh\necho a | tr a b\necho "done $1"\n');
  await c.fs.chmod("/usr/local/bin/entry", 0o755);
  assertEquals((await run(c, ["entry", "top"])).out, "b\ndone top\n");
  assertEquals((await sh(c, "entry nested | cat")).out, "b\ndone nested\n");
});

Deno.test("not found is reported while the script is still running", async () => {
  const c = await container();
  const p = c.spawn({ argv: ["sh", "-c", "nosuchcmd; echo $?; sleep infinity"] });
  const err = await p.stderr.getReader().read();
  assertEquals(new TextDecoder().decode(err.value), "sh: nosuchcmd: not found\n");
  assertEquals(new TextDecoder().decode((await p.stdout.getReader().read()).value), "127\n");
  p.signal("KILL");
  await p.exited;
});

Deno.test("functions from sourced files still resolve", async () => {
  const c = await container();
  await c.writeFile("/tmp/lib.sh", 'libfn() { echo "lib $1"; }\n');
  assertEquals((await sh(c, ". /tmp/lib.sh; libfn x | tr a-z A-Z")).out, "LIB X\n");
});

Deno.test("sh runs a script file relative to the working directory", async () => {
  const c = await container();
  await c.mkdirp("/app");
  await c.writeFile("/app/job.sh", 'set -e\necho "job $1 in $(pwd)"\n');
  const p = c.spawn({ argv: ["sh", "job.sh", "one"], cwd: "/app" });
  assertEquals(await new Response(p.stdout).text(), "job one in /app\n");
});

Deno.test("exec replaces the shell, as in docker-entrypoint.sh", async () => {
  const c = await container();
  await c.writeFile(
    "/usr/local/bin/docker-entrypoint.sh",
    '#!/bin/sh\nset -e\necho entry\nexec "$@"\n',
  );
  await c.fs.chmod("/usr/local/bin/docker-entrypoint.sh", 0o755);
  assertEquals((await sh(c, "exec echo hi; echo not reached")).out, "hi\n");
  const r = await run(c, [
    "docker-entrypoint.sh",
    "sh",
    "-c",
    "echo $1 | tr a-z A-Z; exit 5",
    "x",
    "val",
  ]);
  assertEquals(r.out, "entry\nVAL\n");
  assertEquals(r.code, 5);
  assertEquals((await sh(c, "exec >/tmp/redirected; echo into file")).out, "");
  assertEquals(new TextDecoder().decode(await c.readFile("/tmp/redirected")), "into file\n");
});

Deno.test("GitLab runner style: a detection script execs a shell that reads the job from stdin", async () => {
  const c = await container();
  const detect = [
    "if [ -x /usr/local/bin/bash ]; then exec /usr/local/bin/bash",
    "elif [ -x /bin/bash ]; then exec /bin/bash",
    "else echo shell not found; exit 1; fi",
  ].join("\n");
  const p = c.spawn({ argv: ["sh", "-c", detect], stdin: true });
  const w = p.stdin.getWriter();
  await w.write(
    new TextEncoder().encode(
      "set -eo pipefail\nfor i in 1 2; do echo step $i; done | tr s S\nexit 3\n",
    ),
  );
  await w.close();
  assertEquals(await new Response(p.stdout).text(), "Step 1\nStep 2\n");
  assertEquals(await p.exited, 3);
});

Deno.test("a trapped signal interrupting a loop leaves no interpreter notice on stderr", async () => {
  const c = await container();
  const p = c.spawn({
    argv: ["sh", "-c", 'trap "echo got; exit 9" TERM; echo ready; while true; do sleep 0.1; done'],
  });
  const reader = p.stdout.getReader();
  assertEquals(new TextDecoder().decode((await reader.read()).value), "ready\n");
  const err = new Response(p.stderr).text();
  p.signal("TERM");
  assertEquals(new TextDecoder().decode((await reader.read()).value), "got\n");
  assertEquals([await p.exited, await err], [9, ""]);
});

Deno.test("a process started as a command is listed once, as after exec", async () => {
  const c = await container();
  const idle = c.spawn({ argv: ["sleep", "infinity"] });
  const script = c.spawn({ argv: ["sh", "-c", "sleep 100"] });
  await waitFor(() => c.processes().some((p) => p.argv.join(" ") === "sleep 100"), {
    message: "the script to run its sleep",
  });
  const rows = c.processes().map((p) => [p.pid, p.ppid, p.argv.join(" ")]);
  assertEquals(rows.filter((r) => r[2] === "sleep infinity"), [[idle.pid, 0, "sleep infinity"]]);
  assertEquals(rows.filter((r) => r[0] === script.pid || r[1] === script.pid).length, 2);
  idle.signal("KILL");
  script.signal("KILL");
  await Promise.all([idle.exited, script.exited]);
});
