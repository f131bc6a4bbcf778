/**
 * @module
 * Every setup a suite can declare (in `needs.ts`), by name: what it puts on the machine and how
 * it checks that it is there. Versions are pinned where the suites depend on them: in deno.json
 * for npm, in a requirements file for PyPI, in the options for Go modules, and the cache keys
 * follow them.
 */

import { debian } from "./apt.ts";
import { built } from "./built.ts";
import { npmPackage } from "./npm.ts";
import { pipVenv } from "./pip.ts";
import { anyPath, matches, onPath } from "./probes.ts";
import { provided } from "./provided.ts";
import type { Setup } from "./requirement.ts";

/** clang, lld, wasi-libc and the wasm32 builtins: what `build_wasm.sh` compiles with. */
const WASI_TOOLCHAIN = [
  debian("clang", onPath("clang"), "clang"),
  debian("lld", onPath("wasm-ld"), "wasm-ld"),
  debian("wasi-libc", anyPath("/usr/lib/wasm32-wasi", "/usr/share/wasi-sysroot"), "wasi-libc"),
  debian(
    "libclang-rt-14-dev-wasm32",
    matches("/usr/lib/llvm-*/lib/clang/*/lib/wasi/libclang_rt.builtins-wasm32.a"),
    "the wasm32 compiler builtins",
  ),
];

/** The setups, by the name suites declare. */
export const SETUPS = {
  "docker-cli": {
    about: "the docker CLI (the machine image's docker 28; Debian's docker.io elsewhere)",
    needs: [debian("docker.io", onPath("docker"), "docker")],
  },
  curl: { about: "curl, for raw-socket requests", needs: [debian("curl", onPath("curl"), "curl")] },
  openssl: {
    about: "openssl, to make the TLS tests' certificates",
    needs: [debian("openssl", onPath("openssl"), "openssl")],
  },
  registry: {
    about: "a local registry: Debian's docker-registry (distribution v2) and htpasswd",
    needs: [
      debian("docker-registry", anyPath("/usr/bin/docker-registry"), "/usr/bin/docker-registry"),
      debian("apache2-utils", anyPath("/usr/bin/htpasswd"), "/usr/bin/htpasswd"),
    ],
  },
  compose: {
    about: "Debian's docker-compose 1.29 (over Debian's docker-py 5)",
    needs: [debian("docker-compose", anyPath("/usr/bin/docker-compose"), "docker-compose")],
  },
  "docker-py": {
    about: "docker-py 7.1 from PyPI in a cached virtualenv (SOCKERLESS_PYTHON names its python)",
    needs: [pipVenv({
      name: "docker-py",
      requirements: "tests/e2e/clients/docker_py/requirements.txt",
      module: "docker",
      envVar: "SOCKERLESS_PYTHON",
    })],
  },
  "npm-clients": {
    about: "dockerode and Testcontainers from npm, run under Deno",
    needs: [npmPackage("dockerode"), npmPackage("testcontainers")],
  },
  "gitlab-ci-local": {
    about: "gitlab-ci-local from npm (run under Deno), git, and rsync for its artifacts",
    needs: [
      debian("git", onPath("git"), "git"),
      debian("rsync", onPath("rsync"), "rsync"),
      npmPackage("gitlab-ci-local"),
    ],
  },
  wasm: {
    about: "sandbox/testdata/hello.wasm, the WASI test program (cached; built with clang)",
    needs: [built({
      name: "hello.wasm",
      inputs: ["sandbox/testdata/hello.c", "sandbox/testdata/build_wasm.sh"],
      command: (_ctx, out) => ["sh", ["sandbox/testdata/build_wasm.sh", `${out}/hello.wasm`]],
      output: "hello.wasm",
      tools: WASI_TOOLCHAIN,
      copyTo: "sandbox/testdata/hello.wasm",
    })],
  },
  "docker-specs": {
    about: "the Docker Engine specs v1.44 and v1.52, from the project's shared/ folder",
    needs: ["v1.44.yaml", "v1.52.yaml"].map((file) =>
      provided(
        `../shared/specs/docker/${file}`,
        `Docker Engine spec ${file}`,
        "the specs come with the project's shared/ folder, which belongs beside the clone",
      )
    ),
  },
  "bench-sandbox": {
    about: "busybox, the host baseline of tools/bench/sandbox.ts (no suite needs it)",
    needs: [debian("busybox-static", onPath("busybox"), "busybox")],
  },
  "bench-cli": {
    about: "hyperfine, which times the docker CLI in tools/bench/docker_cli.ts (no suite needs it)",
    needs: [debian("hyperfine", onPath("hyperfine"), "hyperfine")],
  },
} satisfies Record<string, Setup>;

/** A setup's name. */
export type SetupName = keyof typeof SETUPS;
