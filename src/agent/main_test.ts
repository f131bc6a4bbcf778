import { assert, assertEquals } from "../../tests/_helpers/assert.ts";
import { makeTar } from "../../tests/_helpers/tar.ts";
import { createTarDecoder } from "modern-tar";
import { connectAgent } from "../../sandbox/agent/client.ts";
import { assertKind, countedLayer, text } from "../../sandbox/agent/_test_agent.ts";
import type { RuntimeContainer } from "../../sandbox/runtime.ts";
import { spawnAgent } from "./_spawn_agent.ts";

const NO_ROOTFS = { name: "host", layers: [] };
const encode = (s: string) => new TextEncoder().encode(s);

async function run(c: RuntimeContainer, script: string, tty = false) {
  const p = await c.spawn({ argv: ["sh", "-c", script], tty });
  const [out, err, code] = await Promise.all([text(p.stdout), text(p.stderr), p.exited]);
  return { out, err, code };
}

Deno.test("the agent refuses a connection without its token", async () => {
  const agent = await spawnAgent("host");
  try {
    await assertKind(
      () => connectAgent(agent.url),
      "Unavailable",
      "Cannot reach the runtime agent",
    );
    await assertKind(() => connectAgent(agent.url, { token: "wrong" }), "Unavailable");
    const plain = await fetch(agent.url.replace("ws:", "http:"));
    assertEquals(plain.status, 401);
    await plain.body?.cancel();
  } finally {
    await agent.stop();
  }
});

Deno.test("a host agent process: echo, stdin, signals, several processes on one connection", async () => {
  const agent = await spawnAgent("host");
  const client = await agent.connect();
  try {
    assertEquals(client.name, "host");
    const c = await client.createContainer({ rootfs: NO_ROOTFS });
    assertEquals(await run(c, "echo hi; exit 4"), { out: "hi\n", err: "", code: 4 });
    const cats = await Promise.all([0, 1, 2, 3].map(() => c.spawn({ argv: ["cat"], stdin: true })));
    const outputs = cats.map((p) => text(p.stdout));
    for (const [i, p] of [...cats.entries()].reverse()) {
      const writer = p.stdin.getWriter();
      await writer.write(encode(`to ${i}\n`));
      await writer.close();
    }
    assertEquals(await Promise.all(outputs), ["to 0\n", "to 1\n", "to 2\n", "to 3\n"]);
    assertEquals(await Promise.all(cats.map((p) => p.exited)), [0, 0, 0, 0]);
    const term = await c.spawn({ argv: ["sleep", "1000"] });
    const kill = await c.spawn({ argv: ["sleep", "1000"] });
    await term.signal("TERM");
    await kill.signal("SIGKILL");
    assertEquals(await Promise.all([term.exited, kill.exited]), [143, 137]);
    await assertKind(() => c.readFile("/no/such/file"), "NotFound");
    await assertKind(() => c.changes(), "NotImplemented", "changes");
    await c.destroy(0);
  } finally {
    client.close();
    await agent.stop();
  }
});

Deno.test("a host agent process: archives round trip and a bad tar is refused", async () => {
  const root = await Deno.makeTempDir({ prefix: "agent-root-" });
  const agent = await spawnAgent("host", root);
  const client = await agent.connect();
  try {
    const c = await client.createContainer({ rootfs: NO_ROOTFS, workingDir: "/work" });
    const tar = makeTar([{ name: "a/", type: "dir" }, { name: "a/b.txt", body: "bee" }]);
    await c.putArchive("/work", new Blob([tar]).stream());
    assertEquals(await Deno.readTextFile(`${root}/work/a/b.txt`), "bee");
    const names: string[] = [];
    for await (const entry of (await c.getArchive("/work/a")).pipeThrough(createTarDecoder())) {
      names.push(entry.header.name);
      assertEquals(await text(entry.body), entry.header.type === "file" ? "bee" : "");
    }
    assertEquals(names, ["a/", "a/b.txt"]);
    const evil = makeTar([{ name: "ok.txt", body: "1" }, { name: "../../../x", body: "2" }]);
    await assertKind(() => c.putArchive("/work", new Blob([evil]).stream()), "InvalidParameter");
    const junk = encode("not a tar".repeat(100));
    await assertKind(() => c.putArchive("/work", new Blob([junk]).stream()), "InvalidParameter");
    assert(!(await Deno.stat(`${root}/work/ok.txt`).catch(() => undefined)), "nothing was applied");
  } finally {
    client.close();
    await agent.stop();
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("a sandbox agent process: a TTY, and each layer's tar crosses once", async () => {
  const agent = await spawnAgent("sandbox");
  const client = await agent.connect();
  try {
    assertEquals(client.name, "sandbox");
    const layer = countedLayer("sha256:agent-base", [
      { name: "etc/", type: "dir" },
      { name: "etc/motd", body: "welcome\n" },
    ]);
    const rootfs = { name: "base", layers: [layer] };
    const a = await client.createContainer({ rootfs });
    const b = await client.createContainer({ rootfs });
    assertEquals(layer.opens, 1);
    assertEquals(await run(a, "cat /etc/motd; echo err >&2", true), {
      out: "welcome\r\nerr\r\n",
      err: "",
      code: 0,
    });
    assertEquals((await run(b, "cat /etc/motd")).out, "welcome\n");
  } finally {
    client.close();
    await agent.stop();
  }
});

Deno.test("a lost agent fails pending calls and running processes with Unavailable", async () => {
  const agent = await spawnAgent("host");
  const client = await agent.connect();
  const c = await client.createContainer({ rootfs: NO_ROOTFS });
  // cat ends by itself when the killed agent's end of its stdin closes: no orphan lingers.
  const sleeper = await c.spawn({ argv: ["cat"], stdin: true });
  const endless = new ReadableStream<Uint8Array>({
    pull: (ctl) => ctl.enqueue(new Uint8Array(512)),
  });
  const pending = assertKind(() => c.putArchive("/tmp", endless), "Unavailable", "was lost");
  await agent.stop();
  await pending;
  await assertKind(() => sleeper.exited, "Unavailable", "connection was lost");
  await assertKind(() => c.stat("/"), "Unavailable");
});

/** Polls `check` (each poll a round trip to the agent) until it holds, failing at a deadline. */
async function waitFor(what: string, check: () => Promise<boolean>, deadlineMs = 20_000) {
  const end = Date.now() + deadlineMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
  }
}

Deno.test("a slow reader holds a host agent's producer back: bytes in flight stay bounded", async () => {
  const root = await Deno.makeTempDir({ prefix: "agent-flow-" });
  const agent = await spawnAgent("host", root);
  const client = await agent.connect();
  try {
    const c = await client.createContainer({ rootfs: NO_ROOTFS });
    // 300 blocks of 64 KiB from one fast process (perl is in every Debian); after each block it
    // records (atomically, by a rename) how many it has written.
    const perl = `$| = 1; for $i (1..300) { print "\\0" x 65536; ` +
      `open F, ">", "${root}/p.tmp"; print F $i; close F; rename "${root}/p.tmp", "${root}/progress" }`;
    const p = await c.spawn({ argv: ["perl", "-e", perl] });
    const produced = async () =>
      65536 * Number(await Deno.readTextFile(`${root}/progress`).catch(() => "0"));
    await waitFor("the producer to start", async () => await produced() > 0);
    const reader = p.stdout.getReader();
    let consumed = 0;
    let widest = 0;
    for (let i = 0; i < 40; i++) {
      // A slow reader: a few round trips to the agent between reads give the producer time.
      for (let trip = 0; trip < 3; trip++) await c.usage();
      widest = Math.max(widest, await produced() - consumed);
      consumed += (await reader.read()).value!.byteLength;
    }
    // The window, the pipe's buffer and a block in each hand: nowhere near the 19 MiB made.
    assert(widest <= 1024 * 1024, `${widest} bytes were produced ahead of the reader`);
    await p.signal("KILL");
    await reader.cancel();
    await p.exited;
  } finally {
    client.close();
    await agent.stop();
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("a terminated agent destroys its containers' processes before it exits", async () => {
  const agent = await spawnAgent("host");
  const client = await agent.connect();
  const c = await client.createContainer({ rootfs: NO_ROOTFS });
  const sleeper = await c.spawn({ argv: ["sleep", "1000"] });
  const lost = assertKind(() => sleeper.exited, "Unavailable");
  assertEquals(await agent.terminate(), 0);
  await lost;
  const alive = await Deno.stat(`/proc/${sleeper.pid}`).then(() => true, () => false);
  assert(!alive, `the agent's child ${sleeper.pid} was ended with it`);
});
