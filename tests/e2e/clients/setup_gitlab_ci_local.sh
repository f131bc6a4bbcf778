#!/usr/bin/env bash
# Installs what tests/e2e/gitlab_ci_local_test.ts needs: git (the pipeline runs in a temporary
# repository), rsync (gitlab-ci-local copies artifacts on the host with it) and gitlab-ci-local
# itself, cached in DENO_DIR from npm so the suite runs it under Deno. Idempotent.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
missing=()
command -v git >/dev/null || missing+=(git)
command -v rsync >/dev/null || missing+=(rsync)
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null
fi
# From the repository root, so deno.lock checks the package's integrity. Keep the version in step
# with deno.json and GITLAB_CI_LOCAL in tests/e2e/gitlab_ci_local_test.ts.
cd "$(dirname "$0")/../../.."
DENO=$(command -v deno || echo "npx -y deno@2.9.6")
if ! out=$(DENO_NO_UPDATE_CHECK=1 $DENO cache npm:gitlab-ci-local@4.75.1 2>&1); then
  echo "$out" >&2
  exit 1
fi
