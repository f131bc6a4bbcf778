/**
 * @module
 * Which suites need which setup: THE table. A test file needs a setup when it lies under, or
 * imports (directly or through other modules), a path listed here, so a helper declares once
 * what every suite that uses it needs (`tests/_helpers/registry.ts` → registry). A key ending in
 * `/` is a folder. A new suite that needs something from the machine adds a line here.
 */

import type { SetupName } from "./catalogue.ts";

/** Repo-relative path (file, or folder ending in `/`) → the setups it needs. */
export const NEEDS: Readonly<Record<string, readonly SetupName[]>> = {
  "sandbox/wasi/run_wasm_test.ts": ["wasm"],
  "tests/_helpers/registry.ts": ["registry"],
  "tests/e2e/daemon.ts": ["docker-cli"],
  "tests/e2e/system_cli_test.ts": ["curl"],
  "tests/e2e/tls_test.ts": ["curl", "openssl"],
  "tests/e2e/docker_py_test.ts": ["docker-py"],
  "tests/e2e/compose_test.ts": ["compose"],
  "tests/e2e/dockerode_test.ts": ["npm-clients"],
  "tests/e2e/testcontainers_test.ts": ["npm-clients"],
  "tests/e2e/gitlab_ci_local_test.ts": ["gitlab-ci-local"],
  "tools/codegen/codegen_test.ts": ["docker-specs"],
};
