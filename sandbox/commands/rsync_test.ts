import { assertEquals } from "../_assert.ts";
import { container, sh } from "../_test_helpers.ts";
import { excludePattern } from "./rsync.ts";
import { permuteOptions } from "./_gnu_args.ts";

const TREE = "mkdir -p /w/out/sub /w/.gitlab-ci-local/x && cd /w && echo a > out/a && " +
  "echo b > out/sub/b && echo s > .gitlab-ci-local/x/s && chmod 700 out/sub && ln -s a out/l; ";
const LIST = "find /d | sort | tr '\\n' ' '";

Deno.test("rsync -Ra keeps relative paths, modes and links; a trailing slash copies contents", async () => {
  const c = await container();
  const r = await sh(
    c,
    TREE + "mkdir /d && rsync -Ra ./out /d/. && " + LIST +
      "; stat -c %a /d/out/sub; readlink /d/out/l; rsync -a out/ /e && ls /e | tr '\\n' ' '",
  );
  assertEquals(r.err, "");
  assertEquals(
    r.out,
    "/d /d/out /d/out/a /d/out/l /d/out/sub /d/out/sub/b 700\na\na l sub ",
  );
});

Deno.test("rsync --files-from with -r and excludes, as gitlab-ci-local collects artifacts", async () => {
  const c = await container();
  const r = await sh(
    c,
    TREE + "printf './out/\\n./.gitlab-ci-local/\\n' > /tmp/list && " +
      "mkdir /d && rsync --exclude '.gitlab-ci-local/**' -rRa --exclude 'sub' --files-from=/tmp/list . /d/. && " +
      LIST,
  );
  assertEquals([r.code, r.err], [0, ""]);
  assertEquals(r.out, "/d /d/.gitlab-ci-local /d/out /d/out/a /d/out/l ");
});

Deno.test("rsync refuses what it does not do; missing sources and destinations fail as rsync's", async () => {
  const c = await container();
  const r = await sh(c, "rsync -av --delete a /d; echo $?; rsync -a /nope /d; echo $?");
  assertEquals(r.out, "1\n23\n");
  assertEquals(
    r.err,
    "rsync: -v: option not supported by the sandbox's rsync\n" +
      "rsync error: syntax or usage error (code 1)\n" +
      'rsync: [sender] link_stat "/nope" failed: No such file or directory (2)\n' +
      "rsync error: some files/attrs were not transferred (see previous errors) (code 23)\n",
  );
  const dir = await sh(c, "mkdir -p /s && rsync /s /t; echo $?; rsync -a /s/ /no/t/.; echo $?");
  assertEquals(dir.out, "skipping directory /s\n0\n11\n");
  assertEquals(
    dir.err,
    'rsync: [Receiver] mkdir "/no/t" failed: No such file or directory (2)\n' +
      "rsync error: error in file IO (code 11)\n",
  );
});

Deno.test("exclude patterns: no slash names a last part, ** crosses parts, / anchors", () => {
  assertEquals(excludePattern("*.log").test("a/b/x.log"), true);
  assertEquals(excludePattern("*.log").test("a/x.log/b"), false);
  assertEquals(excludePattern(".gitlab-ci-local/**").test("p/.gitlab-ci-local/x/y"), true);
  assertEquals(excludePattern(".gitlab-ci-local/**").test(".gitlab-ci-local"), false);
  assertEquals(excludePattern("/out").test("x/out"), false);
  assertEquals(excludePattern("/out").test("out"), true);
});

Deno.test("chmod takes options after the mode, as GNU getopt permutes them", async () => {
  assertEquals(permuteOptions("chmod", ["a+rw", "-R", "/x"]), ["-R", "a+rw", "/x"]);
  assertEquals(permuteOptions("chmod", ["-w", "f"]), ["-w", "f"]);
  assertEquals(permuteOptions("chmod", ["644", "--", "-R"]), ["644", "--", "-R"]);
  assertEquals(permuteOptions("ls", ["x", "-R"]), ["x", "-R"]);
  const c = await container();
  const r = await sh(c, "mkdir -p /p/q && touch /p/q/f && chmod g-w -R /p && stat -c %a /p/q/f");
  assertEquals([r.code, r.out, r.err], [0, "644\n", ""]);
});
