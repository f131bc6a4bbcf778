"""images.pull (catalogue and a local registry), push, tag, list, inspect, save/load, prune."""
import io
import json
import os

import docker

from _support import DockerTestCase, ensure_image, tar_of, unique, untar


def registry():
    """The local registry the driver started (tests/_helpers/registry.ts)."""
    domain = os.environ.get("SOCKERLESS_REGISTRY")
    if not domain:
        raise AssertionError("SOCKERLESS_REGISTRY is not set: run through docker_py_test.ts")
    return domain


class ImagesManageTest(DockerTestCase):
    def test_pull_from_the_catalogue(self):
        image = self.client.images.pull("busybox", tag="1.36")
        self.assertIn("busybox:1.36", image.tags)
        self.assertTrue(image.id.startswith("sha256:"))
        self.assertEqual(image.attrs["Os"], "linux")
        out = self.client.containers.run("busybox:1.36", "cat /etc/os-release", remove=True)
        self.assertIn(b'ID="busybox"', out)

    def test_low_level_pull_streams_progress(self):
        events = list(self.api.pull("alpine", tag="3.20", stream=True, decode=True))
        statuses = [e.get("status", "") for e in events]
        self.assertTrue(any(s.startswith("Digest: sha256:") for s in statuses), statuses)
        self.assertIn("Status: Image is up to date for alpine:3.20", statuses[-1:][0]
                      .replace("Downloaded newer image", "Image is up to date"))

    def test_pull_unknown_image_raises_not_found(self):
        with self.assertRaises(docker.errors.NotFound):
            self.client.images.pull("sockerless-unknown-repo", tag="1")

    def test_push_to_a_local_registry_then_pull_it_back(self):
        repo = f"{registry()}/docker-py/{unique('img')}"
        alpine = self.client.images.get("alpine")
        self.assertTrue(alpine.tag(repo, "v1"))
        self.remove_later(self.client.images.remove, f"{repo}:v1", force=True)
        progress = list(self.client.images.push(repo, tag="v1", stream=True, decode=True))
        errors = [p for p in progress if "error" in p or "errorDetail" in p]
        self.assertEqual(errors, [])
        digests = [p["aux"]["Digest"] for p in progress if "aux" in p]
        self.assertEqual(len(digests), 1, progress)
        self.client.images.remove(f"{repo}:v1")
        with self.assertRaises(docker.errors.ImageNotFound):
            self.client.images.get(f"{repo}:v1")
        pulled = self.client.images.pull(repo, tag="v1")
        self.assertEqual(pulled.id, alpine.id)
        self.assertIn(f"{repo}@{digests[0]}", pulled.attrs["RepoDigests"])
        out = self.client.containers.run(f"{repo}:v1", "cat /etc/alpine-release", remove=True)
        self.assertRegex(out, rb"^3\.20")

    def test_pull_all_tags_of_a_registry_repository(self):
        repo = f"{registry()}/docker-py/{unique('tags')}"
        ensure_image("busybox")
        for tag in ("a", "b"):
            self.client.images.get("busybox:latest" if tag == "a" else "alpine").tag(repo, tag)
            self.remove_later(self.client.images.remove, f"{repo}:{tag}", force=True)
            self.client.images.push(repo, tag=tag)
            self.client.images.remove(f"{repo}:{tag}")
        images = self.client.images.pull(repo, all_tags=True)
        tags = sorted(t for i in images for t in i.tags if t.startswith(repo))
        self.assertEqual(tags, [f"{repo}:a", f"{repo}:b"])
        busybox = self.client.images.get("busybox")
        self.assertEqual(self.client.images.get(f"{repo}:a").id, busybox.id)

    def test_tag_list_and_remove(self):
        repo = unique("tagged")
        image = self.client.images.get("alpine")
        image.tag(repo, "one")
        image.tag(repo, "two")
        listed = self.client.images.list(name=repo)
        self.assertEqual([i.id for i in listed], [image.id])
        self.assertEqual(sorted(listed[0].tags), sorted(image.reload() or image.tags))
        self.client.images.remove(f"{repo}:one")
        self.client.images.remove(f"{repo}:two")
        self.assertEqual(self.client.images.list(name=repo), [])
        self.assertIn("alpine:latest", self.client.images.get(image.id).tags)

    def test_remove_an_image_in_use_is_a_conflict(self):
        repo = f"{unique('inuse')}:1"
        self.client.images.get("alpine").tag(repo)
        self.remove_later(self.client.images.remove, repo, force=True)
        self.created(repo, "true")
        alpine_tags = len(self.client.images.get("alpine").tags)
        self.assertGreater(alpine_tags, 1)
        with self.assertRaises(docker.errors.APIError) as caught:
            self.client.images.remove(self.client.images.get(repo).id)
        self.assertEqual(caught.exception.status_code, 409)

    def test_inspect_history_and_list_filters(self):
        image = self.client.images.get("alpine:latest")
        self.assertEqual(image.attrs["Config"]["Cmd"], ["/bin/sh"])
        history = image.history()
        self.assertGreaterEqual(len(history), 1)
        self.assertIn("Created", history[0])
        by_reference = self.client.images.list(filters={"reference": "alpine:latest"})
        self.assertEqual([i.id for i in by_reference], [image.id])
        quiet = self.api.images(quiet=True)
        self.assertIn(image.id, quiet)

    def test_save_and_load_round_trip(self):
        repo = f"{unique('saved')}:v1"
        self.client.images.get("alpine").tag(repo)
        self.remove_later(self.client.images.remove, repo, force=True)
        archive = b"".join(self.client.images.get(repo).save(named=repo))
        self.client.images.remove(repo)
        loaded = self.client.images.load(archive)
        self.assertEqual([t for i in loaded for t in i.tags if t == repo], [repo])
        self.assertEqual(self.client.containers.run(repo, "echo loaded", remove=True), b"loaded\n")

    def test_save_by_id_drops_the_tags_as_documented(self):
        repo = f"{unique('byid')}:v1"
        image = self.client.images.get("alpine")
        image.tag(repo)
        self.remove_later(self.client.images.remove, repo, force=True)
        archive = b"".join(self.client.images.get(repo).save())  # named=False: by ID
        names = untar([archive])
        self.assertNotIn("repositories", names)
        self.assertEqual(json.loads(names["manifest.json"])[0]["RepoTags"], None)
        loaded = self.client.images.load(archive)
        self.assertEqual([i.id for i in loaded], [image.id])

    def test_prune_dangling_images(self):
        tag = f"{unique('dangle')}:x"
        first, _ = self.client.images.build(
            fileobj=io.BytesIO(b"FROM alpine\nRUN echo one > /f\n"), tag=tag
        )
        # Not built on `first` (a parent image is not dangling, as with dockerd).
        second, _ = self.client.images.build(
            fileobj=io.BytesIO(b"FROM alpine\nRUN echo two > /f\n"), tag=tag
        )
        self.remove_later(self.client.images.remove, tag, force=True)
        self.assertNotEqual(first.id, second.id)
        dangling = [i.id for i in self.client.images.list(filters={"dangling": True})]
        self.assertIn(first.id, dangling)
        # `until` keeps what is younger: both builds are seconds old.
        kept = self.client.images.prune(filters={"dangling": True, "until": "1h"})
        self.assertNotIn(first.id, [d.get("Deleted") for d in kept["ImagesDeleted"] or []])
        result = self.client.images.prune(filters={"dangling": True})
        deleted = [d.get("Deleted") for d in result["ImagesDeleted"] or []]
        self.assertIn(first.id, deleted)
        with self.assertRaises(docker.errors.ImageNotFound):
            self.client.images.get(first.id)

    def test_import_a_filesystem_tarball(self):
        repo = unique("imported")
        self.remove_later(self.client.images.remove, f"{repo}:v1", force=True)
        rootfs = tar_of({"bin/placeholder": b"", "greeting.txt": b"from an import\n"})
        self.api.import_image_from_data(rootfs, repository=repo, tag="v1",
                                        changes=["ENV IMPORTED=1"])
        image = self.client.images.get(f"{repo}:v1")
        self.assertIn("IMPORTED=1", image.attrs["Config"]["Env"])
        self.assertEqual(len(image.attrs["RootFS"]["Layers"]), 1)
