#!/bin/sh
# Builds hello.wasm from hello.c with Debian's clang and wasi-libc, into the path given (by
# default sandbox/testdata/hello.wasm). The binary is a build product and is not committed:
# `deno task test` builds it into its cache (tools/setup/catalogue.ts) and copies it here.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/hello.wasm}
sysroot=/usr
for candidate in /usr/share/wasi-sysroot /usr; do
  if [ -e "$candidate/lib/wasm32-wasi/libc.a" ]; then sysroot=$candidate; break; fi
done
clang --target=wasm32-wasi --sysroot="$sysroot" -O2 -fuse-ld=lld \
  -o "$out" "$here/hello.c"
