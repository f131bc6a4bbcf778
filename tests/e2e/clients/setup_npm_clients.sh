#!/usr/bin/env bash
# Caches what tests/e2e/dockerode_test.ts and tests/e2e/testcontainers_test.ts need: dockerode
# and testcontainers from npm (pinned in deno.json, integrity in deno.lock) in DENO_DIR, so the
# suites run them under Deno (Node 20 is too old for testcontainers 12). Idempotent.
set -euo pipefail
cd "$(dirname "$0")/../../.."
DENO=$(command -v deno || echo "npx -y deno@2.9.6")
if ! out=$(DENO_NO_UPDATE_CHECK=1 $DENO cache tests/e2e/dockerode_test.ts \
  tests/e2e/testcontainers_test.ts 2>&1); then
  echo "$out" >&2
  exit 1
fi
