import { assert, assertEquals } from "../../tests/_helpers/assert.ts";
import { makeTar } from "../../tests/_helpers/tar.ts";
import { createTarDecoder } from "modern-tar";
import { assertKind, text } from "../agent/_test_agent.ts";
import type { RuntimeContainer } from "../runtime.ts";
import { HostRuntime } from "./host_runtime.ts";

/** A container rooted at a fresh temporary directory with an `/etc/passwd`. */
async function rooted(): Promise<{ root: string; c: RuntimeContainer }> {
  const root = await Deno.makeTempDir({ prefix: "host-runtime-" });
  await Deno.mkdir(`${root}/etc`);
  await Deno.writeTextFile(`${root}/etc/passwd`, "root:x:0:0:root:/root:/bin/sh\n");
  const c = await new HostRuntime({ root }).createContainer({ rootfs: { name: "t", layers: [] } });
  return { root, c };
}

async function run(c: RuntimeContainer, script: string, tty = false) {
  const p = await c.spawn({ argv: ["sh", "-c", script], tty });
  const [out, err, code] = await Promise.all([text(p.stdout), text(p.stderr), p.exited]);
  return { out, err, code };
}

Deno.test("host processes: output, exit codes, environment, stdin and a tty's merged output", async () => {
  const { root, c } = await rooted();
  try {
    assertEquals(await run(c, "echo hi; echo oops >&2; exit 7"), {
      out: "hi\n",
      err: "oops\n",
      code: 7,
    });
    const env = await c.spawn({ argv: ["sh", "-c", "echo $GREETING"], env: { GREETING: "hello" } });
    assertEquals(await text(env.stdout), "hello\n");
    const cat = await c.spawn({ argv: ["cat"], stdin: true });
    const writer = cat.stdin.getWriter();
    await writer.write(new TextEncoder().encode("streamed\n"));
    const reader = cat.stdout.getReader();
    assertEquals(new TextDecoder().decode((await reader.read()).value), "streamed\n");
    await writer.close();
    assertEquals(await cat.exited, 0);
    assertEquals(await run(c, "echo a; echo b >&2", true), { out: "a\r\nb\r\n", err: "", code: 0 });
    await assertKind(
      () => c.spawn({ argv: ["no-such-program-x"] }),
      "InvalidParameter",
      "not found",
    );
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("host signals: TERM is 143, KILL is 137, destroy ends what is left", async () => {
  const { root, c } = await rooted();
  try {
    const term = await c.spawn({ argv: ["sleep", "1000"] });
    await term.signal("TERM");
    assertEquals(await term.exited, 143);
    const kill = await c.spawn({ argv: ["sleep", "1000"] });
    await kill.signal("9");
    assertEquals(await kill.exited, 137);
    await assertKind(() => kill.signal("BOGUS"), "InvalidParameter", "Invalid signal");
    const script = "trap '' TERM; echo ready; read line";
    const stubborn = await c.spawn({ argv: ["sh", "-c", script], stdin: true });
    await stubborn.stdout.getReader().read(); // the trap is set
    assertEquals((await c.processes()).length, 1);
    await c.destroy(50);
    assertEquals(await stubborn.exited, 137);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("host files: stat, read, write, users, and the layer operations are NotImplemented", async () => {
  const { root, c } = await rooted();
  try {
    await c.writeFile("/note", "x");
    assertEquals(await Deno.readTextFile(`${root}/note`), "x");
    assertEquals((await c.stat("/note"))?.size, 1);
    assertEquals(await c.stat("/missing"), undefined);
    await assertKind(() => c.readFile("/missing"), "NotFound");
    await assertKind(() => c.readFile("/../../etc/shadow"), "InvalidParameter", "leaves");
    await Deno.symlink("/etc", `${root}/out`);
    await assertKind(() => c.readFile("/out/hostname"), "InvalidParameter", "leaves");
    assertEquals(await c.checkUser("root"), undefined);
    assertEquals(
      await c.checkUser("nobody-here"),
      "unable to find user nobody-here: no matching entries in passwd file",
    );
    await assertKind(() => c.changes(), "NotImplemented", "changes");
    await assertKind(() => c.saveLayer(), "NotImplemented", "saveLayer");
    await assertKind(() => c.exportChanges(), "NotImplemented", "exportChanges");
    const runtime = new HostRuntime({ root });
    const mounts = [{ type: "tmpfs" as const, target: "/scratch" }];
    await assertKind(
      () => runtime.createContainer({ rootfs: { name: "t", layers: [] }, mounts }),
      "NotImplemented",
      "mounts is not implemented by the host runtime",
    );
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

async function names(tar: ReadableStream<Uint8Array>): Promise<string[]> {
  const out: string[] = [];
  for await (const entry of tar.pipeThrough(createTarDecoder())) {
    out.push(entry.header.name);
    await entry.body.cancel();
  }
  return out;
}

Deno.test("host archives: put and get round trip; a bad or escaping tar changes nothing", async () => {
  const { root, c } = await rooted();
  try {
    await Deno.mkdir(`${root}/data`);
    const good = makeTar([
      { name: "dir/", type: "dir" },
      { name: "dir/a.txt", body: "alpha" },
      { name: "link", type: "symlink", linkname: "dir/a.txt" },
    ]);
    await c.putArchive("/data", new Blob([good]).stream());
    assertEquals(await Deno.readTextFile(`${root}/data/link`), "alpha");
    assertEquals(await names(await c.getArchive("/data")), [
      "data/",
      "data/dir/",
      "data/dir/a.txt",
      "data/link",
    ]);
    assertEquals(await names(await c.getArchive("/data/dir/.")), ["./", "./a.txt"]);
    const hostile = [
      makeTar([{ name: "first.txt", body: "1" }, { name: "../../escape.txt", body: "no" }]),
      makeTar([
        { name: "first.txt", body: "1" },
        { name: "out", type: "symlink", linkname: "/etc" },
        { name: "out/evil", body: "no" },
      ]),
      new TextEncoder().encode("this is not a tar archive at all".repeat(40)),
    ];
    for (const tar of hostile) {
      await assertKind(() => c.putArchive("/data", new Blob([tar]).stream()), "InvalidParameter");
    }
    await assertKind(() => c.putArchive("/data/dir/a.txt", new Blob([good]).stream()), "NotFound");
    const left: string[] = [];
    for await (const e of Deno.readDir(`${root}/data`)) left.push(e.name);
    assertEquals(left.sort(), ["dir", "link"]);
    assert(!(await Deno.stat(`${root}/escape.txt`).catch(() => undefined)), "nothing escaped");
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
