"""Credentials through docker-py: login, and push/pull with auth_config, against a local
registry that requires htpasswd Basic auth (started by docker_py_test.ts)."""
import os

import docker

from _support import DockerTestCase, unique


def auth_registry():
    """(domain, user, password) of the authenticated registry the driver started."""
    value = os.environ.get("SOCKERLESS_AUTH_REGISTRY")
    if not value:
        raise AssertionError("SOCKERLESS_AUTH_REGISTRY is not set: run through docker_py_test.ts")
    domain, user, password = value.split(",")
    return domain, user, password


class RegistryAuthTest(DockerTestCase):
    def test_login_checks_the_password(self):
        domain, user, password = auth_registry()
        with self.assertRaises(docker.errors.APIError) as caught:
            self.client.login(user, "wrong-password", registry=domain, reauth=True)
        self.assertEqual(caught.exception.status_code, 401)
        result = self.client.login(user, password, registry=domain, reauth=True)
        self.assertEqual(result["Status"], "Login Succeeded")

    def test_push_and_pull_need_the_credentials(self):
        domain, user, password = auth_registry()
        repo = f"{domain}/private/{unique('auth')}"
        self.client.images.get("alpine").tag(repo, "v1")
        self.remove_later(self.client.images.remove, f"{repo}:v1", force=True)
        # A fresh client: the shared one may hold credentials from a login test.
        fresh = docker.APIClient(base_url=os.environ["DOCKER_HOST"], version="auto")
        self.addCleanup(fresh.close)
        anonymous = list(fresh.push(repo, tag="v1", stream=True, decode=True))
        errors = [line["error"] for line in anonymous if "error" in line]
        self.assertEqual(len(errors), 1, anonymous)
        self.assertIn("no basic auth credentials", errors[0])
        creds = {"username": user, "password": password}
        pushed = list(fresh.push(repo, tag="v1", stream=True, decode=True, auth_config=creds))
        self.assertEqual([line for line in pushed if "error" in line], [])
        self.client.images.remove(f"{repo}:v1")
        with self.assertRaises(docker.errors.APIError):
            fresh.pull(repo, tag="v1")
        fresh.pull(repo, tag="v1", auth_config=creds)
        pulled = self.client.images.get(f"{repo}:v1")
        self.assertEqual(pulled.id, self.client.images.get("alpine").id)
