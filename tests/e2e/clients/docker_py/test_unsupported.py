"""What the memory backend cannot do answers a clear error that docker-py surfaces as APIError.

Each case is listed in generated/COMPATIBILITY.md with its reason.
"""
import docker

from _support import DockerTestCase, unique


class UnsupportedTest(DockerTestCase):
    def assert_not_implemented(self, call, operation):
        with self.assertRaises(docker.errors.APIError) as caught:
            call()
        self.assertEqual(caught.exception.status_code, 501)
        self.assertIn(f"{operation} is not implemented by the memory backend",
                      caught.exception.explanation)

    def test_publishing_a_port_to_the_host_is_refused_with_the_reason(self):
        name = unique("ports")
        with self.assertRaises(docker.errors.APIError) as caught:
            self.client.containers.run("alpine", "sleep 1", detach=True, name=name,
                                       ports={"80/tcp": 8080})
        self.assertEqual(caught.exception.status_code, 501)
        self.assertIn("port publishing is not supported by the memory backend",
                      caught.exception.explanation)
        self.assertIn("80/tcp", caught.exception.explanation)
        with self.assertRaises(docker.errors.NotFound):
            self.client.containers.get(name)

    def test_image_search_needs_docker_hub(self):
        self.assert_not_implemented(lambda: self.client.images.search("alpine"), "ImageSearch")

    def test_registry_data_is_not_implemented(self):
        self.assert_not_implemented(
            lambda: self.client.images.get_registry_data("alpine"), "DistributionInspect"
        )

    def test_swarm_services_and_secrets_are_not_implemented(self):
        self.assert_not_implemented(lambda: self.client.swarm.reload(), "SwarmInspect")
        self.assert_not_implemented(lambda: self.client.services.list(), "ServiceList")
        self.assert_not_implemented(lambda: self.client.secrets.list(), "SecretList")
