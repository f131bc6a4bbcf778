"""docker-py over the daemon's loopback TCP listener (DOCKER_HOST=tcp://…) instead of the socket."""
import os

import docker

from _support import HTTP_TIMEOUT, DockerTestCase, tar_of, unique, untar


class TcpTest(DockerTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        address = os.environ.get("SOCKERLESS_TCP_HOST")
        if not address:
            raise AssertionError("SOCKERLESS_TCP_HOST is not set: run through docker_py_test.ts")
        cls.tcp = docker.DockerClient(base_url=address, version="auto", timeout=HTTP_TIMEOUT)

    @classmethod
    def tearDownClass(cls):
        cls.tcp.close()
        super().tearDownClass()

    def setUp(self):
        super().setUp()
        # Time this client's calls too (the base class hooks the shared socket client).
        self.tcp.api.hooks["response"].append(self._calls)
        self.addCleanup(self.tcp.api.hooks["response"].remove, self._calls)

    def test_version_and_run_over_tcp(self):
        self.assertEqual(self.tcp.version()["ApiVersion"], self.client.version()["ApiVersion"])
        self.assertEqual(self.tcp.containers.run("alpine", "echo over tcp", remove=True),
                         b"over tcp\n")

    def test_exec_run_demux_and_archives_over_tcp(self):
        c = self.tcp.containers.run("alpine", "sleep 300", detach=True, name=unique("tcp"))
        self.addCleanup(c.remove, force=True)
        result = c.exec_run(["sh", "-c", "echo out; echo err >&2; exit 2"], demux=True)
        self.assertEqual((result.exit_code, result.output), (2, (b"out\n", b"err\n")))
        self.assertTrue(c.put_archive("/tmp", tar_of({"t.txt": b"tcp\n"})))
        bits, stat = c.get_archive("/tmp/t.txt")
        self.assertEqual((stat["size"], untar(bits)), (4, {"t.txt": b"tcp\n"}))
        # The same container, seen through the unix socket.
        self.assertEqual(self.client.containers.get(c.id).status, "running")
