"""containers.run options docker-py users rely on: auto_remove, restart policies, health checks,
wait conditions, tmpfs, read-only root, user, logs since/until."""
import threading
import time

import docker

from _support import DockerTestCase, unique, wait_for


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
        def retried():
            c.reload()
            return c.attrs["RestartCount"] == 2 and c.status == "exited"

        wait_for(retried, "two restarts and the exit", poll=0.1)
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
        def healthy():
            c.reload()
            return c.attrs["State"]["Health"]["Status"] == "healthy"

        wait_for(healthy, "the health check to pass", poll=0.1)
        self.assertEqual(c.attrs["State"]["Health"]["Log"][-1]["ExitCode"], 0)

    def test_wait_next_exit_returns_after_the_following_run(self):
        # The run lasts a moment, so the waiter's request is in before the exit even when the
        # thread is slow to send it.
        c = self.created(command=["sh", "-c", "sleep 0.5; exit 9"])
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

    def test_resource_and_security_options_are_kept_and_applied(self):
        c = self.created(
            command=["sh", "-c", "grep myhost /etc/hosts; cat /etc/resolv.conf"],
            mem_limit="64m", nano_cpus=500_000_000, pids_limit=50, cpu_shares=256,
            ulimits=[docker.types.Ulimit(name="nofile", soft=1024, hard=2048)],
            sysctls={"net.ipv4.ip_forward": "1"}, cap_add=["NET_ADMIN"], cap_drop=["MKNOD"],
            security_opt=["no-new-privileges"], init=True, shm_size="64m",
            extra_hosts={"myhost": "10.1.2.3"}, dns=["192.0.2.53"], stop_signal="SIGINT",
            log_config=docker.types.LogConfig(type="json-file", config={"max-size": "1m"}),
        )
        host = c.attrs["HostConfig"]
        self.assertEqual(
            (host["Memory"], host["NanoCpus"], host["PidsLimit"], host["CpuShares"]),
            (64 * 1024 * 1024, 500_000_000, 50, 256),
        )
        self.assertEqual(host["Ulimits"], [{"Name": "nofile", "Soft": 1024, "Hard": 2048}])
        self.assertEqual((host["CapAdd"], host["CapDrop"]), (["NET_ADMIN"], ["MKNOD"]))
        self.assertEqual((host["Init"], host["ShmSize"]), (True, 64 * 1024 * 1024))
        self.assertEqual(host["LogConfig"], {"Type": "json-file", "Config": {"max-size": "1m"}})
        self.assertEqual(c.attrs["Config"]["StopSignal"], "SIGINT")
        c.start()
        self.assertEqual(c.wait(timeout=20)["StatusCode"], 0)
        self.assertEqual(c.logs().decode().splitlines()[0], "10.1.2.3\tmyhost")
        self.assertIn("nameserver 192.0.2.53", c.logs().decode())

    def test_stop_signal_is_what_stop_sends(self):
        c = self.container(command="sleep 300", stop_signal="SIGINT")
        c.stop(timeout=5)
        self.assertEqual(c.wait(timeout=20)["StatusCode"], 130)
