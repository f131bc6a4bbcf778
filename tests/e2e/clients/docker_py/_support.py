"""Shared set-up for the docker-py suite (driven by tests/e2e/docker_py_test.ts).

Every test talks to the daemon named by DOCKER_HOST through `docker.from_env()`. A watchdog
(faulthandler) ends the whole run with every thread's traceback when one test hangs, so a hang
fails fast instead of waiting for the driver's own timeout. Each test's wall time and its
slowest API calls are written to SOCKERLESS_PY_TIMINGS (JSON lines) for the suite's report.
"""
import faulthandler
import io
import json
import os
import re
import socket
import tarfile
import time
import unittest
import uuid

import docker

# Seconds one test may take before the watchdog dumps tracebacks and exits the run.
TEST_TIMEOUT = int(os.environ.get("SOCKERLESS_PY_TEST_TIMEOUT", "60"))
# Seconds one HTTP request may block (docker-py's own socket timeout).
HTTP_TIMEOUT = 30

_client = None


def client():
    """One shared high-level client for the whole run."""
    global _client
    if _client is None:
        _client = docker.from_env(timeout=HTTP_TIMEOUT)
    return _client


_pulled = set()


def ensure_image(name):
    """Pulls a catalogue image once per run (containers.run would pull it too, but slower)."""
    if name not in _pulled:
        client().images.pull(name, tag="latest")
        _pulled.add(name)


def wait_for(condition, message, deadline=15, poll=0.05):
    """Polls `condition` until it answers a truthy value and answers it; past `deadline`
    seconds, fails naming what was awaited (the suite's counterpart of tests/_helpers/wait.ts)."""
    end = time.monotonic() + deadline
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() >= end:
            raise AssertionError(f"timed out after {deadline} s waiting for {message}")
        time.sleep(poll)


def unique(prefix):
    """A fresh resource name, so tests never collide with each other or with leftovers."""
    return f"py-{prefix}-{uuid.uuid4().hex[:8]}"


def tar_of(files):
    """An uncompressed tar (bytes) holding `files`: {name: bytes}."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as tar:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            info.mode = 0o644
            info.mtime = int(time.time())
            tar.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def untar(chunks):
    """{name: bytes or None for directories} of a tar given as an iterable of chunks."""
    out = {}
    with tarfile.open(fileobj=io.BytesIO(b"".join(chunks))) as tar:
        for member in tar.getmembers():
            out[member.name] = tar.extractfile(member).read() if member.isfile() else None
    return out


def send_stdin(sock, data, until=None):
    """Writes `data` to a hijacked socket, half-closes it and reads the answer: until the
    daemon closes, or once `until` bytes have come."""
    raw = sock._sock if hasattr(sock, "_sock") else sock
    raw.settimeout(10)
    raw.sendall(data)
    raw.shutdown(socket.SHUT_WR)
    received = b""
    while until is None or len(received) < until:
        chunk = raw.recv(4096)
        if not chunk:
            break
        received += chunk
    raw.close()
    sock.close()
    return received


class _CallLog:
    """Records (seconds, 'METHOD /path') of every response the client receives."""

    def __init__(self):
        self.calls = []

    def __call__(self, response, *args, **kwargs):
        request = response.request
        # Without the API version prefix and with ids shortened: "GET /containers/{id}/logs".
        path = re.sub(r"^/v[\d.]+", "", request.path_url.split("?")[0])
        path = re.sub(r"[0-9a-f]{64}", "{id}", path)
        self.calls.append((response.elapsed.total_seconds(), f"{request.method} {path}"))


class DockerTestCase(unittest.TestCase):
    """Base class: a client, a watchdog, cleanups for created objects and per-test timings."""

    @classmethod
    def setUpClass(cls):
        cls.client = client()
        cls.api = cls.client.api
        ensure_image("alpine")

    def setUp(self):
        faulthandler.dump_traceback_later(TEST_TIMEOUT, exit=True)
        self._calls = _CallLog()
        self.api.hooks["response"].append(self._calls)
        self._started = time.monotonic()
        self.addCleanup(self._finish)

    def _finish(self):
        # Cleanups run last-in first-out: this one runs after the test's own removals.
        faulthandler.cancel_dump_traceback_later()
        self.api.hooks["response"].remove(self._calls)
        path = os.environ.get("SOCKERLESS_PY_TIMINGS")
        if not path:
            return
        slowest = sorted(self._calls.calls, reverse=True)[:3]
        record = {
            "test": self.id(),
            "seconds": round(time.monotonic() - self._started, 3),
            "calls": len(self._calls.calls),
            # Time to each response's head: a streamed body (logs, attach, events) is not in it.
            "api_seconds": round(sum(s for s, _ in self._calls.calls), 3),
            "slowest": [[round(s, 3), what] for s, what in slowest],
        }
        with open(path, "a") as f:
            f.write(json.dumps(record) + "\n")

    # Objects created by a test are removed when it ends, whatever its outcome.

    def container(self, image="alpine", command=None, **kwargs):
        """A detached container from containers.run, removed (forced) at the end of the test."""
        kwargs.setdefault("name", unique("c"))
        c = self.client.containers.run(image, command, detach=True, **kwargs)
        self.addCleanup(self._remove_container, c.id)
        return c

    def sleeper(self, **kwargs):
        """A running `sleep 300` container for exec and archive tests."""
        return self.container("alpine", "sleep 300", **kwargs)

    def created(self, image="alpine", command=None, **kwargs):
        """A container from containers.create (not started), removed at the end of the test."""
        kwargs.setdefault("name", unique("c"))
        c = self.client.containers.create(image, command, **kwargs)
        self.addCleanup(self._remove_container, c.id)
        return c

    def _remove_container(self, ident):
        try:
            self.api.remove_container(ident, force=True, v=True)
        except docker.errors.NotFound:
            pass

    def remove_later(self, remove, *args, **kwargs):
        """Calls `remove(*args, **kwargs)` at the end of the test; NotFound means already gone."""
        def call():
            try:
                remove(*args, **kwargs)
            except docker.errors.NotFound:
                pass
        self.addCleanup(call)

