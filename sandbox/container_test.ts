import { assert, assertEquals, assertRejects, assertStringIncludes } from "./_assert.ts";
import { container, IMAGE, sh } from "./_test_helpers.ts";
import { createContainer } from "./mod.ts";

Deno.test("image files and per-container /etc files are in place", async () => {
  const c = await container();
  const r = await sh(
    c,
    "cat /etc/hostname; getent hosts db; ls -d /tmp /root /home /proc/self; head -1 /etc/passwd",
  );
  assertStringIncludes(r.out, "box\n");
  assertStringIncludes(r.out, "10.0.0.9");
  assertStringIncludes(r.out, "root:x:0:0");
  assertEquals(c.changes(), []);
});

Deno.test("the image is Alpine-like", async () => {
  const c = await container();
  const paths = [
    "/bin/sh",
    "/etc/passwd",
    "/etc/group",
    "/etc/hostname",
    "/etc/hosts",
    "/etc/resolv.conf",
    "/etc/os-release",
    "/tmp",
    "/root",
    "/home",
    "/dev/null",
    "/dev/zero",
    "/dev/urandom",
    "/dev/stdout",
    "/dev/stderr",
    "/proc/self",
    "/proc/net/tcp",
  ];
  for (const path of paths) assert(await c.stat(path), `${path} is missing`);
  const r = await sh(
    c,
    "grep ^ID= /etc/os-release; head -c 4 /dev/zero | wc -c; echo x | tee /dev/stderr",
  );
  assertEquals(r.out, "ID=alpine\n4\nx\n");
  assertEquals(r.err, "x\n");
});

Deno.test("container API paths are confined to the root", async () => {
  const c = await container();
  await c.writeFile("/../../../tmp/../../escape", "inside");
  assertEquals(new TextDecoder().decode(await c.readFile("/escape")), "inside");
  assertEquals((await c.stat("../../etc/passwd"))?.kind, "file");
  await c.fs.symlink("/../../..", "/tmp/root-link");
  assertEquals(await c.fs.realpath("/tmp/root-link/etc"), "/etc");
});

Deno.test("commands cover files, text and data", async () => {
  const c = await container();
  const script = [
    "mkdir -p /w/d && cd /w && printf 'b\\na\\nb\\n' > f",
    "sort f | uniq | wc -l",
    "grep -c b f; sed 's/a/A/' f | head -2 | tail -1; awk '{n++} END {print n}' f",
    "cut -c1 f | tr -d '\\n'; echo",
    "echo hello | sha256sum | cut -c1-8; echo hello | md5sum | cut -c1-8",
    "echo hi | base64; echo aGkK | base64 -d",
    "echo '{\"a\":[1,2]}' | jq -c '.a'",
    "cp f g; mv g h; ln -s h l; readlink l; realpath l; basename /a/b.c .c; dirname /a/b",
    "touch t; chmod 600 t; stat -c %a t; rm t; rmdir d; ls",
    "seq 3 | xargs echo; expr 2 + 3; test -f f && echo isfile; [ 1 -lt 2 ] && echo lt",
    "tar -czf /tmp/a.tgz f h && mkdir x && tar -xzf /tmp/a.tgz -C x && ls x",
    "diff f h && echo same; find /w -name 'f' | sort; du -s /w >/dev/null && echo du",
    "mktemp -d | grep -c /tmp/; uname -s; nproc >/dev/null && echo nproc; which ls; date +%Y | wc -c",
    "printenv HOME; env | grep -c PATH=; yes | head -2",
  ].join("\n");
  const r = await sh(c, script);
  assertEquals(r.err, "");
  const expected = [
    "2",
    "2",
    "A",
    "3",
    "bab",
    "5891b5b5",
    "b1946ac9",
    "aGkK",
    "hi",
    "[1,2]",
    "h",
    "/w/h",
    "b",
    "/a",
    "600",
    "f",
    "h",
    "l",
    "1 2 3",
    "5",
    "isfile",
    "lt",
    "f",
    "h",
    "same",
    "/w/f",
    "/w/x/f",
    "du",
    "1",
    "Linux",
    "nproc",
    "/bin/ls",
    "5",
    "/root",
    "1",
    "y",
    "y",
  ];
  assertEquals(r.out.trim().split("\n"), expected);
});

Deno.test("host bind mounts (rw and ro), tmpfs, and no escape from a mount", async () => {
  const dir = await Deno.makeTempDir();
  const outside = await Deno.makeTempDir();
  await Deno.writeTextFile(`${outside}/secret`, "s3cret");
  await Deno.symlink(outside, `${dir}/link-out`);
  try {
    const c = await container([
      { type: "bind", source: dir, target: "/data" },
      { type: "bind", source: dir, target: "/ro", readOnly: true },
      { type: "tmpfs", target: "/scratch" },
      { type: "volume", source: dir, target: "/vol" },
    ]);
    assertEquals((await sh(c, "echo v > /vol/v; cat /data/v")).out, "v\n");
    const r = await sh(
      c,
      "echo hi > /data/x; cat /ro/x; echo no > /ro/y; echo t > /scratch/t; cat /scratch/t",
    );
    assertEquals(await Deno.readTextFile(`${dir}/x`), "hi\n");
    assertEquals(r.out, "hi\nt\n");
    assert(r.err.length > 0);
    await assertRejects(() =>
      c.readFile("/data/../../../../" + outside + "/secret").then((b) => {
        if (new TextDecoder().decode(b) === "s3cret") throw new Error("escaped");
        throw new Error("not found is fine");
      })
    );
    const esc = await sh(c, "cat /data/link-out/secret; cat /data/../../../etc/passwd | head -c 4");
    assert(!esc.out.includes("s3cret"), "symlink in a bind mount escaped");
    assertEquals(c.changes().filter((ch) => ch.path.startsWith("/data")), []);
  } finally {
    await Deno.remove(dir, { recursive: true });
    await Deno.remove(outside, { recursive: true });
  }
});

Deno.test("changes() reports added, modified and deleted paths", async () => {
  const c = await container();
  await sh(c, "echo x > /tmp/new; echo y >> /etc/profile; rm /etc/shells");
  const kinds = Object.fromEntries(c.changes().map((ch) => [ch.path, ch.kind]));
  assertEquals(kinds["/tmp/new"], "added");
  assertEquals(kinds["/etc/profile"], "modified");
  assertEquals(kinds["/etc/shells"], "deleted");
});

Deno.test("stat and filesystem helpers", async () => {
  const c = await container();
  await c.mkdirp("/a/b");
  await c.writeFile("/a/b/f", "data");
  assertEquals((await c.stat("/a/b/f"))?.size, 4);
  assertEquals((await c.stat("/a/b"))?.kind, "directory");
  assertEquals(await c.stat("/nope"), undefined);
});

Deno.test("a numeric user without a passwd entry", async () => {
  const c = await container();
  const p = c.spawn({ argv: ["id"], user: "1000:1000" });
  assertEquals(await new Response(p.stdout).text(), "uid=1000 gid=1000 groups=1000\n");
});

Deno.test("a read-only root refuses writes; mounts and the runtime's mkdirp still write", async () => {
  const c = await createContainer({
    image: IMAGE,
    readOnlyRoot: true,
    mounts: [{ type: "tmpfs", target: "/tmp" }],
  });
  await c.mkdirp("/srv/work");
  const r = await sh(c, "echo ok > /tmp/f && cat /tmp/f && ls -d /srv/work && touch /etc/x");
  assertEquals([r.out, r.code], ["ok\n/srv/work\n", 1]);
  assertStringIncludes(r.err, "read-only file system");
  assertEquals(await c.stat("/etc/x"), undefined);
});

Deno.test("changedBytes counts what processes wrote, not the runtime's /etc files", async () => {
  const c = await container();
  assertEquals(c.changedBytes(), 0);
  await sh(c, "printf 12345 > /five; mkdir -p /d; printf 123 > /d/three; rm /etc/os-release");
  assertEquals(c.changedBytes(), 8);
});

Deno.test("unknownUser names users and groups the image does not have; ids need none", async () => {
  const c = await container();
  assertEquals(c.unknownUser("nobody"), undefined);
  assertEquals(c.unknownUser("1000:1000"), undefined);
  assertEquals(
    c.unknownUser("ghost"),
    "unable to find user ghost: no matching entries in passwd file",
  );
  assertEquals(
    c.unknownUser("root:ghosts"),
    "unable to find group ghosts: no matching entries in group file",
  );
});
