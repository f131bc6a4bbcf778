import { assertEquals, assertRejects } from "../../tests/_helpers/assert.ts";
import {
  familiarName,
  familiarString,
  formatReference,
  parseReference,
  registryHost,
} from "./reference.ts";

const DIGEST = `sha256:${"a".repeat(64)}`;

Deno.test("reference: normalises names the way Docker does", () => {
  const cases: [string, string][] = [
    ["alpine", "docker.io/library/alpine:latest"],
    ["alpine:3.20", "docker.io/library/alpine:3.20"],
    ["library/alpine", "docker.io/library/alpine:latest"],
    ["user/app", "docker.io/user/app:latest"],
    ["docker.io/alpine", "docker.io/library/alpine:latest"],
    ["index.docker.io/alpine:1", "docker.io/library/alpine:1"],
    ["127.0.0.1:5001/team/app:v1", "127.0.0.1:5001/team/app:v1"],
    ["localhost/x", "localhost/x:latest"],
    ["localhost:5000/x/y/z", "localhost:5000/x/y/z:latest"],
    ["ghcr.io/o/r", "ghcr.io/o/r:latest"],
    ["Example.com/app", "Example.com/app:latest"],
    ["[::1]:5000/app", "[::1]:5000/app:latest"],
    [`alpine@${DIGEST}`, `docker.io/library/alpine@${DIGEST}`],
    [`alpine:3@${DIGEST}`, `docker.io/library/alpine:3@${DIGEST}`],
    ["a_b-c__d/f---g:T_a.g-1", "docker.io/a_b-c__d/f---g:T_a.g-1"],
  ];
  for (const [input, want] of cases) {
    assertEquals(formatReference(parseReference(input)), want, input);
  }
});

Deno.test("reference: splits domain, path, tag and digest", () => {
  assertEquals(parseReference("127.0.0.1:5001/team/app:v1"), {
    domain: "127.0.0.1:5001",
    path: "team/app",
    tag: "v1",
    digest: undefined,
  });
  assertEquals(parseReference(`x@${DIGEST}`).tag, undefined);
  assertEquals(parseReference("localhost:5000/x").domain, "localhost:5000");
  assertEquals(parseReference("foo.bar").domain, "docker.io");
});

Deno.test("reference: familiar forms drop docker.io and library/", () => {
  const cases: [string, string, string][] = [
    ["alpine", "alpine", "alpine:latest"],
    ["docker.io/library/alpine:3", "alpine", "alpine:3"],
    ["user/app:v2", "user/app", "user/app:v2"],
    ["docker.io/library/a/b", "library/a/b", "library/a/b:latest"],
    ["127.0.0.1:5000/app:v1", "127.0.0.1:5000/app", "127.0.0.1:5000/app:v1"],
    [`alpine@${DIGEST}`, "alpine", `alpine@${DIGEST}`],
  ];
  for (const [input, name, text] of cases) {
    const ref = parseReference(input);
    assertEquals([familiarName(ref), familiarString(ref)], [name, text], input);
  }
});

Deno.test("reference: rejects invalid references with Docker's wording", async () => {
  const bad = [
    "",
    ":tag",
    "UPPER",
    "a//b",
    "a/b/",
    "-a",
    "a:",
    "a:-tag",
    `a:${"t".repeat(129)}`,
    "a@sha256:abc",
    `a@sha256:${"A".repeat(64)}`,
    "a b",
    "a/b@",
    "http://example.com/a",
    "example.com:port/a",
    "a_b.c/x",
  ];
  for (const input of bad) {
    const err = await assertRejects(() => parseReference(input), "invalid reference format");
    assertEquals((err as { kind?: string }).kind, "InvalidParameter", input);
  }
  await assertRejects(() => parseReference("Ab"), "invalid reference format");
  await assertRejects(
    () => parseReference("docker.io/Team/app"),
    "invalid reference format: repository name (Team/app) must be lowercase",
  );
  await assertRejects(() => parseReference("a".repeat(64).replace(/a/g, "b")), "64-byte");
  await assertRejects(
    () => parseReference(`example.com/${"a".repeat(250)}`),
    "must not be more than 255 characters",
  );
});

Deno.test("reference: Docker Hub's API lives at registry-1.docker.io", () => {
  assertEquals(registryHost("docker.io"), "registry-1.docker.io");
  assertEquals(registryHost("127.0.0.1:5000"), "127.0.0.1:5000");
});
