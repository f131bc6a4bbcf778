"""containers.run options docker-py users rely on: auto_remove, restart policies, health checks,
wait conditions, tmpfs, read-only root, user, logs since/until."""
import threading
import time

import docker

from _support import DockerTestCase, unique


class ContainerOptionsTest(DockerTestCase):
    def test_auto_remove_deletes_the_container_after_exit(self):
        name = unique("auto")
        c = self.client.containers.run("alpine", "true", detach=True, auto_remove=True, name=name)
        self.remove_later(self.api.remove_container, name, force=True)
        with self.assertRaises(docker.errors.NotFound):
            # wait(condition="removed") returns once auto-remove has happened.
            c.wait(timeout=20, condition="removed")
            self.client.containers.get(name)

    def test_restart_policy_on_failure_retries(self):
        c = self.container(
            command=["sh", "-c", "echo attempt; exit 1"],
            restart_policy={"Name": "on-failure", "MaximumRetryCount": 2},
        )
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            c.reload()
            if c.attrs["RestartCount"] == 2 and c.status == "exited":
                break
            time.sleep(0.1)
        self.assertEqual((c.attrs["RestartCount"], c.status), (2, "exited"))
        self.assertEqual(c.logs(), b"attempt\nattempt\nattempt\n")
        self.assertEqual(c.attrs["HostConfig"]["RestartPolicy"],
                         {"Name": "on-failure", "MaximumRetryCount": 2})

    def test_healthcheck_becomes_healthy(self):
        c = self.container(
            command="sleep 300",
            healthcheck={"test": ["CMD-SHELL", "test -f /tmp/ready"], "interval": 100_000_000,
                         "retries": 50},
        )
        c.reload()
        self.assertIn(c.attrs["State"]["Health"]["Status"], ("starting", "unhealthy"))
        c.exec_run("touch /tmp/ready")
        deadline = time.monotonic() + 15
        status = None
        while time.monotonic() < deadline:
            c.reload()
            status = c.attrs["State"]["Health"]["Status"]
            if status == "healthy":
                break
            time.sleep(0.1)
        self.assertEqual(status, "healthy")
        self.assertEqual(c.attrs["State"]["Health"]["Log"][-1]["ExitCode"], 0)

    def test_wait_next_exit_returns_after_the_following_run(self):
        c = self.created(command=["sh", "-c", "exit 9"])
        result = {}
        waiter = threading.Thread(
            target=lambda: result.update(c.wait(timeout=20, condition="next-exit")), daemon=True
        )
        waiter.start()
        time.sleep(0.2)
        c.start()
        waiter.join(timeout=20)
        self.assertEqual(result.get("StatusCode"), 9)

    def test_tmpfs_read_only_root_and_user(self):
        script = "echo t > /scratch/f && cat /scratch/f; echo x > /etc/x || echo ro; id -u"
        out = self.client.containers.run(
            "alpine",
            ["sh", "-c", script],
            tmpfs={"/scratch": "size=1m"},
            read_only=True,
            user="1000",
            remove=True,
        )
        lines = out.decode().splitlines()
        self.assertEqual(lines[0], "t")
        self.assertEqual(lines[-2:], ["ro", "1000"])

    def test_logs_since_and_until(self):
        c = self.container(command=["sh", "-c", "echo early; sleep 1.2; echo late"])
        c.wait(timeout=20)
        lines = c.logs(timestamps=True).decode().splitlines()
        self.assertEqual([line.split(" ", 1)[1] for line in lines], ["early", "late"])
        # The whole second after the first line: only the late line is newer.
        first = time.mktime(time.strptime(lines[0].split(".")[0], "%Y-%m-%dT%H:%M:%S"))
        first -= time.timezone
        self.assertEqual(c.logs(since=int(first) + 1), b"late\n")
        self.assertEqual(c.logs(until=int(first) + 1), b"early\n")

    def test_anonymous_volume_and_inspect_mounts(self):
        c = self.created(command="true", volumes=["/anon"])
        mounts = c.attrs["Mounts"]
        self.assertEqual([(m["Type"], m["Destination"]) for m in mounts], [("volume", "/anon")])
        self.assertEqual(self.client.volumes.get(mounts[0]["Name"]).name, mounts[0]["Name"])
