#!/usr/bin/env bash
# Installs Debian's docker-compose 1.29 (python, drives the API through Debian's python3-docker)
# for tests/e2e/compose_test.ts. Idempotent: does nothing when it is already there.
set -euo pipefail
if [ -x /usr/bin/docker-compose ]; then exit 0; fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq docker-compose >/dev/null
