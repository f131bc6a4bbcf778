#!/usr/bin/env bash
# Installs what the docker-py suite (tests/e2e/docker_py_test.ts) needs: a python with docker-py.
# The machine image's python3 has docker-py 7; elsewhere Debian's python3-docker serves (point
# SOCKERLESS_PYTHON at /usr/bin/python3). The local registry comes from
# tests/_helpers/setup_registry.sh. Idempotent: does nothing when docker-py imports. Run as root.
set -euo pipefail
if python3 -c "import docker" 2>/dev/null || /usr/bin/python3 -c "import docker" 2>/dev/null; then
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends python3-docker >/dev/null
/usr/bin/python3 -c "import docker; print('docker-py', docker.__version__)"
