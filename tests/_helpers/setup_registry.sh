#!/usr/bin/env bash
# Sets up what the registry tests need (Debian's docker-registry and htpasswd) without running
# them. `deno task test` does this by itself for the suites it runs; the setup is declared in
# tools/setup/catalogue.ts. Checks first: installs nothing when both are there.
set -euo pipefail
cd "$(dirname "$0")/../.."
DENO=$(command -v deno || echo "npx -y deno@2.9.6")
DENO_NO_UPDATE_CHECK=1 exec $DENO run --allow-all tools/setup/main.ts registry
