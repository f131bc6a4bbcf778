"""containers.run: foreground output, remove, detach, streamed logs and exit statuses."""
import threading

import docker

from _support import DockerTestCase, unique


class ContainersRunTest(DockerTestCase):
    def test_run_returns_stdout_and_remove_deletes_the_container(self):
        name = unique("rm")
        out = self.client.containers.run("alpine", "echo hello docker-py", name=name, remove=True)
        self.assertEqual(out, b"hello docker-py\n")
        with self.assertRaises(docker.errors.NotFound):
            self.client.containers.get(name)

    def test_run_nonzero_exit_raises_container_error_with_stderr(self):
        name = unique("fail")
        self.remove_later(self.api.remove_container, name, force=True)
        with self.assertRaises(docker.errors.ContainerError) as caught:
            self.client.containers.run(
                "alpine", ["sh", "-c", "echo bad news >&2; exit 7"], name=name, stderr=True
            )
        self.assertEqual(caught.exception.exit_status, 7)
        self.assertIn(b"bad news", caught.exception.stderr)

    def test_run_stdout_and_stderr_selection(self):
        script = ["sh", "-c", "echo to-out; echo to-err >&2"]
        both = self.client.containers.run("alpine", script, stdout=True, stderr=True, remove=True)
        self.assertEqual(sorted(both.splitlines()), [b"to-err", b"to-out"])
        only_err = self.client.containers.run(
            "alpine", script, stdout=False, stderr=True, remove=True
        )
        self.assertEqual(only_err, b"to-err\n")

    def test_run_stream_yields_log_lines_as_they_come(self):
        script = ["sh", "-c", "for i in 1 2 3; do echo line $i; sleep 0.05; done"]
        chunks = list(self.client.containers.run("alpine", script, stream=True, remove=True))
        self.assertEqual(b"".join(chunks), b"line 1\nline 2\nline 3\n")
        self.assertGreaterEqual(len(chunks), 3, chunks)

    def test_detach_wait_gives_exit_status_and_logs(self):
        c = self.container(command=["sh", "-c", "echo a; sleep 0.1; echo b >&2; exit 4"])
        result = c.wait(timeout=20)
        self.assertEqual(result["StatusCode"], 4)
        self.assertIsNone(result.get("Error"), "dockerd omits Error when the wait succeeded")
        self.assertEqual(c.logs(stdout=True, stderr=False), b"a\n")
        self.assertEqual(c.logs(stdout=False, stderr=True), b"b\n")
        c.reload()
        self.assertEqual(c.status, "exited")
        self.assertEqual(c.attrs["State"]["ExitCode"], 4)

    def test_detach_follow_logs_stream_until_exit(self):
        c = self.container(command=["sh", "-c", "for i in 1 2 3; do echo n$i; sleep 0.1; done"])
        lines = list(c.logs(stream=True, follow=True))
        self.assertEqual(b"".join(lines), b"n1\nn2\nn3\n")

    def test_logs_tail_and_timestamps(self):
        c = self.container(command=["sh", "-c", "echo one; echo two; echo three"])
        c.wait(timeout=20)
        self.assertEqual(c.logs(tail=2), b"two\nthree\n")
        stamped = c.logs(timestamps=True).decode().splitlines()
        self.assertEqual([line.split(" ", 1)[1] for line in stamped], ["one", "two", "three"])
        self.assertRegex(stamped[0].split(" ")[0], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z$")

    def test_run_with_environment_workdir_entrypoint_and_hostname(self):
        out = self.client.containers.run(
            "alpine",
            ["-c", 'echo "$GREETING $(pwd) $(hostname)"'],
            entrypoint=["sh"],
            environment={"GREETING": "hi"},
            working_dir="/srv",
            hostname="pyhost",
            remove=True,
        )
        self.assertEqual(out, b"hi /srv pyhost\n")

    def test_run_with_tty_merges_output(self):
        out = self.client.containers.run(
            "alpine", ["sh", "-c", "echo out; echo err >&2"], tty=True, remove=True
        )
        self.assertEqual(sorted(out.replace(b"\r\n", b"\n").splitlines()), [b"err", b"out"])

    def test_run_missing_image_raises_image_not_found(self):
        with self.assertRaises(docker.errors.ImageNotFound):
            self.client.containers.run("sockerless-no-such-image:1", "true", remove=True)

    def test_stop_and_kill_exit_codes(self):
        stopped = self.container(command="sleep 300")
        stopped.stop(timeout=5)
        self.assertEqual(stopped.wait(timeout=20)["StatusCode"], 143)
        killed = self.container(command="sleep 300")
        killed.kill()
        self.assertEqual(killed.wait(timeout=20)["StatusCode"], 137)
        killed.reload()
        self.assertEqual(killed.attrs["State"]["Status"], "exited")

    def test_restart_runs_the_command_again(self):
        c = self.container(command=["sh", "-c", "echo started"])
        c.wait(timeout=20)
        c.restart(timeout=1)
        c.wait(timeout=20)
        self.assertEqual(c.logs(), b"started\nstarted\n")
        c.reload()
        self.assertEqual(c.attrs["RestartCount"], 0)

    def test_wait_on_a_long_container_times_out_client_side(self):
        c = self.sleeper()
        raised = []

        def wait():
            try:
                c.wait(timeout=0.5)
            except Exception as err:  # noqa: BLE001 - any client-side timeout error will do
                raised.append(err)

        waiter = threading.Thread(target=wait, daemon=True)
        waiter.start()
        waiter.join(timeout=10)
        self.assertFalse(waiter.is_alive(), "the client-side timeout did not end the wait")
        self.assertTrue(raised, "the wait returned instead of timing out")
        c.reload()
        self.assertEqual(c.status, "running")
