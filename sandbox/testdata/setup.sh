#!/bin/sh
# Sets up sandbox/testdata/hello.wasm (the WASI test program, cached outside the clone and built
# with Debian's clang, lld and wasi-libc when the cache lacks it) and busybox for the sandbox
# benchmarks. `deno task test` does the first by itself; see tools/setup/catalogue.ts.
set -eu
cd "$(dirname "$0")/../.."
DENO=$(command -v deno || echo "npx -y deno@2.9.6")
DENO_NO_UPDATE_CHECK=1 exec $DENO run --allow-all tools/setup/main.ts wasm bench-sandbox
