"""exec_run and the low-level exec calls: output, demux, streaming, env/workdir, stdin, errors."""

import docker

from _support import DockerTestCase, send_stdin, unique, wait_for


class ExecTest(DockerTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # One long-lived container serves every exec test of this class.
        cls.box = cls.client.containers.run("alpine", "sleep 600", detach=True)

    @classmethod
    def tearDownClass(cls):
        cls.box.remove(force=True)
        super().tearDownClass()

    def test_exec_run_output_and_exit_code(self):
        result = self.box.exec_run("echo exec says hi")
        self.assertEqual(result.exit_code, 0)
        self.assertEqual(result.output, b"exec says hi\n")

    def test_exec_run_demux_splits_stdout_and_stderr(self):
        result = self.box.exec_run(["sh", "-c", "echo out; echo err >&2; exit 3"], demux=True)
        self.assertEqual(result.exit_code, 3)
        self.assertEqual(result.output, (b"out\n", b"err\n"))

    def test_exec_run_demux_with_no_stderr_gives_none(self):
        result = self.box.exec_run("echo only-out", demux=True)
        self.assertEqual(result.output, (b"only-out\n", None))

    def test_exec_run_stream_yields_chunks_while_running(self):
        # "second" waits for a gate the test opens, so "first" can only have come mid-run.
        gate = f"/tmp/{unique('gate')}"
        script = f"echo first; until [ -e {gate} ]; do sleep 0.05; done; echo second"
        result = self.box.exec_run(["sh", "-c", script], stream=True)
        self.assertIsNone(result.exit_code)
        first = next(result.output)
        self.box.exec_run(["touch", gate])
        rest = b"".join(result.output)
        self.assertEqual(first + rest, b"first\nsecond\n")

    def test_exec_run_stream_demux_yields_tuples(self):
        result = self.box.exec_run(
            ["sh", "-c", "echo o1; echo e1 >&2; echo o2"], stream=True, demux=True
        )
        out, err = b"", b""
        for stdout, stderr in result.output:
            out += stdout or b""
            err += stderr or b""
        self.assertEqual((out, err), (b"o1\no2\n", b"e1\n"))

    def test_exec_run_environment_workdir_and_user(self):
        result = self.box.exec_run(
            ["sh", "-c", 'echo "$COLOUR $(pwd) $(id -u)"'],
            environment={"COLOUR": "blue"},
            workdir="/tmp",
            user="root",
        )
        self.assertEqual(result.output, b"blue /tmp 0\n")

    def test_exec_run_tty(self):
        result = self.box.exec_run(["sh", "-c", "echo tty-out; echo tty-err >&2"], tty=True)
        lines = sorted(result.output.replace(b"\r\n", b"\n").splitlines())
        self.assertEqual(lines, [b"tty-err", b"tty-out"])

    def test_exec_socket_with_stdin(self):
        sock = self.box.exec_run("cat", stdin=True, socket=True).output
        received = send_stdin(sock, b"through stdin\n")
        # Multiplexed frames: 8-byte header (stream 1 = stdout) then the payload.
        self.assertEqual(received[:1], b"\x01")
        self.assertEqual(received[8:], b"through stdin\n")

    def test_low_level_exec_create_start_inspect(self):
        exec_id = self.api.exec_create(self.box.id, ["sh", "-c", "echo low; exit 5"])["Id"]
        before = self.api.exec_inspect(exec_id)
        self.assertFalse(before["Running"])
        self.assertEqual(before["ContainerID"], self.box.id)
        self.assertEqual(self.api.exec_start(exec_id), b"low\n")
        after = self.api.exec_inspect(exec_id)
        self.assertEqual(after["ExitCode"], 5)
        self.assertFalse(after["Running"])
        self.assertEqual(after["ProcessConfig"]["entrypoint"], "sh")

    def test_low_level_exec_resize_of_a_running_tty_exec(self):
        exec_id = self.api.exec_create(self.box.id, ["sleep", "2"], tty=True)["Id"]
        self.api.exec_start(exec_id, detach=True, tty=True)
        self.assertTrue(self.api.exec_inspect(exec_id)["Running"])
        self.api.exec_resize(exec_id, height=30, width=100)
        with self.assertRaises(docker.errors.NotFound):
            self.api.exec_resize("0" * 64, height=30, width=100)

    def test_low_level_exec_start_detach(self):
        exec_id = self.api.exec_create(self.box.id, ["sh", "-c", "echo detached > /tmp/d.txt"])
        self.assertFalse(self.api.exec_start(exec_id["Id"], detach=True), "no output detached")
        wait_for(lambda: not self.api.exec_inspect(exec_id["Id"])["Running"], "the exec to end")
        self.assertEqual(self.box.exec_run("cat /tmp/d.txt").output, b"detached\n")

    def test_exec_in_a_stopped_container_is_a_conflict(self):
        stopped = self.container(command="true")
        stopped.wait(timeout=20)
        with self.assertRaises(docker.errors.APIError) as caught:
            stopped.exec_run("echo never")
        self.assertEqual(caught.exception.status_code, 409)

    def test_exec_unknown_command_exit_code(self):
        result = self.box.exec_run("no-such-command-here")
        self.assertEqual(result.exit_code, 127)
