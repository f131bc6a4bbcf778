"""System calls: ping, version, info, df, and a login to a registry that refuses it."""
import os

import docker

from _support import DockerTestCase


class SystemTest(DockerTestCase):
    def test_ping_and_version(self):
        self.assertTrue(self.client.ping())
        version = self.client.version()
        self.assertEqual(version["Platform"]["Name"], "Sockerless (memory backend)")
        self.assertEqual(version["ApiVersion"], "1.52")
        self.assertEqual((version["Os"], version["Arch"] != ""), ("linux", True))
        self.assertEqual(self.api.api_version, "1.52")

    def test_info_counts_containers(self):
        before = self.client.info()
        c = self.sleeper()
        after = self.client.info()
        self.assertEqual(after["ContainersRunning"], before["ContainersRunning"] + 1)
        self.assertEqual(after["Containers"], before["Containers"] + 1)
        self.assertGreaterEqual(after["Images"], 1)
        self.assertTrue(after["Name"])
        c.remove(force=True)

    def test_df_reports_usage_by_negotiated_version(self):
        c = self.created(command="true")
        # API 1.52 (negotiated by docker-py 7) answers per-kind usage, as dockerd 29 does.
        df = self.client.df()
        containers = self.client.containers.list(all=True)
        self.assertEqual(df["ContainerUsage"]["TotalCount"], len(containers))
        self.assertEqual(df["ImageUsage"]["TotalCount"], len(self.client.images.list(all=True)))
        # An older pinned version gets the legacy lists.
        legacy = docker.APIClient(base_url=os.environ["DOCKER_HOST"], version="1.44")
        try:
            old = legacy.df()
        finally:
            legacy.close()
        self.assertIn(c.id, [x["Id"] for x in old["Containers"]])
        self.assertIn(self.client.images.get("alpine").id, [i["Id"] for i in old["Images"]])
        self.assertIsInstance(old["LayersSize"], int)

    def test_login_to_an_unreachable_registry_fails_clearly(self):
        with self.assertRaises(docker.errors.APIError) as caught:
            self.client.login("user", "password", registry="127.0.0.1:1", reauth=True)
        self.assertIn("127.0.0.1:1", str(caught.exception))
