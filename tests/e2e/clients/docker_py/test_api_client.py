"""The low-level docker.APIClient: its own connection, version negotiation, raw container calls."""
import os
import socket

import docker

from _support import HTTP_TIMEOUT, DockerTestCase, unique


class APIClientTest(DockerTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.low = docker.APIClient(
            base_url=os.environ["DOCKER_HOST"], version="auto", timeout=HTTP_TIMEOUT
        )

    @classmethod
    def tearDownClass(cls):
        cls.low.close()
        super().tearDownClass()

    def remove(self, ident):
        self.remove_later(self.low.remove_container, ident, force=True)

    def test_version_negotiation_and_ping(self):
        self.assertEqual(self.low.api_version, self.low.version()["ApiVersion"])
        self.assertTrue(self.low.ping())
        pinned = docker.APIClient(base_url=os.environ["DOCKER_HOST"], version="1.44")
        try:
            self.assertEqual(pinned.version()["MinAPIVersion"], self.low.version()["MinAPIVersion"])
            self.assertEqual(pinned.containers(filters={"id": "none"}), [])
        finally:
            pinned.close()

    def test_create_with_host_config_start_wait_logs_remove(self):
        host_config = self.low.create_host_config(
            restart_policy={"Name": "no"}, mem_limit="64m", binds=None
        )
        created = self.low.create_container(
            "alpine", ["sh", "-c", "echo low-level; exit 2"], host_config=host_config,
            name=unique("low"), labels=["marker"],
        )
        self.remove(created["Id"])
        self.assertEqual(created["Warnings"], [])
        self.low.start(created["Id"])
        self.assertEqual(self.low.wait(created["Id"], timeout=20)["StatusCode"], 2)
        self.assertEqual(self.low.logs(created["Id"]), b"low-level\n")
        inspected = self.low.inspect_container(created["Id"])
        self.assertEqual(inspected["HostConfig"]["Memory"], 64 * 1024 * 1024)
        self.assertEqual(inspected["Config"]["Labels"], {"marker": ""})
        self.low.remove_container(created["Id"])
        self.assertEqual(self.low.containers(all=True, filters={"id": created["Id"]}), [])

    def test_containers_quiet_and_trunc(self):
        created = self.low.create_container("alpine", "true", name=unique("quiet"))
        self.remove(created["Id"])
        quiet = self.low.containers(all=True, quiet=True, filters={"id": created["Id"]})
        self.assertEqual(quiet, [{"Id": created["Id"]}])
        full = self.low.containers(all=True, filters={"id": created["Id"]})
        self.assertEqual(full[0]["State"], "created")
        self.assertEqual(full[0]["Command"], "true")

    def test_attach_socket_sends_stdin_and_reads_frames(self):
        created = self.low.create_container(
            "alpine", "cat", stdin_open=True, name=unique("attach")
        )
        self.remove(created["Id"])
        sock = self.low.attach_socket(
            created["Id"], params={"stdin": 1, "stdout": 1, "stream": 1}
        )
        raw = sock._sock if hasattr(sock, "_sock") else sock
        raw.settimeout(10)
        self.low.start(created["Id"])
        raw.sendall(b"echoed back\n")
        raw.shutdown(socket.SHUT_WR)
        received = b""
        while len(received) < 8 + len(b"echoed back\n"):
            chunk = raw.recv(4096)
            if not chunk:
                break
            received += chunk
        raw.close()
        sock.close()
        self.assertEqual(received[:1], b"\x01")
        self.assertEqual(received[8:], b"echoed back\n")
        self.assertEqual(self.low.wait(created["Id"], timeout=20)["StatusCode"], 0)

    def test_attach_stream_logs_of_a_running_container(self):
        created = self.low.create_container(
            "alpine", ["sh", "-c", "echo one; sleep 0.1; echo two"], name=unique("attach")
        )
        self.remove(created["Id"])
        stream = self.low.attach(created["Id"], stream=True, logs=True)
        self.low.start(created["Id"])
        self.assertEqual(b"".join(stream), b"one\ntwo\n")

    def test_resize_and_kill_with_a_signal(self):
        created = self.low.create_container("alpine", "sleep 300", tty=True, name=unique("sig"))
        self.remove(created["Id"])
        self.low.start(created["Id"])
        self.low.resize(created["Id"], height=40, width=120)
        self.low.kill(created["Id"], signal="SIGINT")
        self.assertEqual(self.low.wait(created["Id"], timeout=20)["StatusCode"], 130)

    def test_update_container_resources(self):
        created = self.low.create_container("alpine", "true", name=unique("upd"))
        self.remove(created["Id"])
        result = self.low.update_container(created["Id"], mem_limit="32m", cpu_shares=512)
        self.assertIn("Warnings", result)
        host = self.low.inspect_container(created["Id"])["HostConfig"]
        self.assertEqual((host["Memory"], host["CpuShares"]), (32 * 1024 * 1024, 512))

    def test_errors_carry_dockerd_status_and_message(self):
        with self.assertRaises(docker.errors.NotFound) as caught:
            self.low.inspect_container("sockerless-no-such-container")
        self.assertIn("No such container: sockerless-no-such-container",
                      caught.exception.explanation)
        with self.assertRaises(docker.errors.APIError) as conflict:
            name = unique("dup")
            first = self.low.create_container("alpine", "true", name=name)
            self.remove(first["Id"])
            self.low.create_container("alpine", "true", name=name)
        self.assertEqual(conflict.exception.status_code, 409)
