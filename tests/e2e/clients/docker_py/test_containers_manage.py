"""Container management through docker-py: create/start, list filters, inspect, rename, prune."""
import docker

from _support import DockerTestCase, unique, untar


class ContainersManageTest(DockerTestCase):
    def test_create_then_start_and_attrs(self):
        c = self.created(command=["echo", "created"], labels={"suite": "docker-py"})
        self.assertEqual(c.status, "created")
        self.assertEqual(c.labels, {"suite": "docker-py"})
        self.assertIn("alpine:latest", c.image.tags)
        c.start()
        self.assertEqual(c.wait(timeout=20)["StatusCode"], 0)
        self.assertEqual(c.logs(), b"created\n")

    def test_get_by_name_and_short_id(self):
        c = self.created(command="true")
        self.assertEqual(self.client.containers.get(c.name).id, c.id)
        self.assertEqual(self.client.containers.get(c.id[:12]).id, c.id)
        with self.assertRaises(docker.errors.NotFound):
            self.client.containers.get(unique("missing"))

    def test_list_filters_by_status_label_and_name(self):
        label = unique("lbl")
        running = self.sleeper(labels={"group": label})
        done = self.container(command="true", labels={"group": label})
        done.wait(timeout=20)
        by_label = self.client.containers.list(all=True, filters={"label": f"group={label}"})
        self.assertEqual(sorted(c.id for c in by_label), sorted([running.id, done.id]))
        running_only = self.client.containers.list(filters={"label": f"group={label}"})
        self.assertEqual([c.id for c in running_only], [running.id])
        exited = self.client.containers.list(
            all=True, filters={"label": f"group={label}", "status": "exited"}
        )
        self.assertEqual([c.id for c in exited], [done.id])
        named = self.client.containers.list(all=True, filters={"name": done.name})
        self.assertEqual([c.id for c in named], [done.id])

    def test_list_filters_ancestor_exited_volume_and_network(self):
        label = unique("flt")
        vol = self.client.volumes.create(unique("fltvol"))
        self.remove_later(self.api.remove_volume, vol.name, force=True)
        net = self.client.networks.create(unique("fltnet"))
        self.remove_later(self.api.remove_network, net.id)
        ok = self.container(command="true", labels={"f": label},
                            volumes={vol.name: {"bind": "/v", "mode": "rw"}})
        bad = self.container(command="sh -c 'exit 3'", labels={"f": label}, network=net.name)
        ok.wait(timeout=20)
        bad.wait(timeout=20)

        def ids(**filters):
            filters["label"] = f"f={label}"
            return sorted(c.id for c in self.client.containers.list(all=True, filters=filters))

        self.assertEqual(ids(ancestor="alpine"), sorted([ok.id, bad.id]))
        self.assertEqual(ids(exited=3), [bad.id])
        self.assertEqual(ids(exited=0), [ok.id])
        self.assertEqual(ids(volume=vol.name), [ok.id])
        self.assertEqual(ids(network=net.name), [bad.id])
        limited = self.client.containers.list(all=True, limit=1, filters={"label": f"f={label}"})
        self.assertEqual([c.id for c in limited], [bad.id], "the newest first")

    def test_exposed_port_without_publishing_is_accepted(self):
        c = self.client.api.create_container("alpine", "true", ports=[8080],
                                              name=unique("expose"))
        self.remove_later(self.api.remove_container, c["Id"], force=True)
        config = self.api.inspect_container(c["Id"])["Config"]
        self.assertEqual(config["ExposedPorts"], {"8080/tcp": {}})

    def test_rename(self):
        c = self.created(command="true")
        new_name = unique("renamed")
        c.rename(new_name)
        c.reload()
        self.assertEqual(c.name, new_name)
        self.assertEqual(self.client.containers.get(new_name).id, c.id)

    def test_remove_running_container_needs_force(self):
        c = self.sleeper()
        with self.assertRaises(docker.errors.APIError) as caught:
            c.remove()
        self.assertEqual(caught.exception.status_code, 409)
        c.remove(force=True)
        with self.assertRaises(docker.errors.NotFound):
            self.client.containers.get(c.id)

    def test_top_lists_the_running_process(self):
        c = self.sleeper()
        top = c.top()
        self.assertIn("CMD", top["Titles"])
        commands = [p[top["Titles"].index("CMD")] for p in top["Processes"]]
        self.assertTrue(any("sleep 300" in cmd for cmd in commands), commands)

    def test_pause_and_unpause(self):
        c = self.sleeper()
        c.pause()
        c.reload()
        self.assertEqual(c.status, "paused")
        c.unpause()
        c.reload()
        self.assertEqual(c.status, "running")

    def test_stats_once(self):
        c = self.sleeper()
        stats = c.stats(stream=False)
        self.assertIn("memory_stats", stats)
        self.assertIn("cpu_stats", stats)
        self.assertEqual(stats["id"], c.id)

    def test_diff_and_export_show_a_written_file(self):
        c = self.container(command=["sh", "-c", "echo payload > /root/made.txt"])
        c.wait(timeout=20)
        changes = {(d["Path"], d["Kind"]) for d in c.diff()}
        self.assertIn(("/root/made.txt", 1), changes)
        files = untar(c.export())
        self.assertEqual(files["root/made.txt"], b"payload\n")
        self.assertIn("etc/alpine-release", files)

    def test_commit_makes_an_image_with_the_change(self):
        c = self.container(command=["sh", "-c", "echo committed > /data.txt"])
        c.wait(timeout=20)
        repo = unique("commit")
        image = c.commit(repository=repo, tag="v1", changes=["ENV FROM_COMMIT=yes"])
        self.remove_later(self.client.images.remove, f"{repo}:v1", force=True)
        self.assertEqual(image.tags, [f"{repo}:v1"])
        out = self.client.containers.run(
            f"{repo}:v1", ["sh", "-c", "cat /data.txt; echo $FROM_COMMIT"], remove=True
        )
        self.assertEqual(out, b"committed\nyes\n")

    def test_prune_removes_stopped_containers_only(self):
        label = unique("prune")
        done = self.container(command="true", labels={"prune": label})
        done.wait(timeout=20)
        alive = self.sleeper(labels={"prune": label})
        result = self.client.containers.prune(filters={"label": f"prune={label}"})
        self.assertEqual(result["ContainersDeleted"], [done.id])
        self.assertIsInstance(result["SpaceReclaimed"], int)
        self.assertEqual(self.client.containers.get(alive.id).status, "running")
