"""Networks and volumes through docker-py: create/inspect/list/remove, connect, mounts, prune."""
import os
import tempfile

import docker

from _support import DockerTestCase, unique


class NetworksTest(DockerTestCase):
    def network(self, **kwargs):
        net = self.client.networks.create(unique("net"), **kwargs)
        self.remove_later(self.api.remove_network, net.id)
        return net

    def test_create_inspect_list_and_remove(self):
        net = self.network(driver="bridge", labels={"suite": "docker-py"}, attachable=True)
        got = self.client.networks.get(net.id)
        self.assertEqual((got.name, got.attrs["Driver"]), (net.name, "bridge"))
        self.assertEqual(got.attrs["Labels"], {"suite": "docker-py"})
        self.assertTrue(got.attrs["Attachable"])
        by_name = self.client.networks.list(names=[net.name])
        self.assertEqual([n.id for n in by_name], [net.id])
        by_label = self.client.networks.list(filters={"label": "suite=docker-py"})
        self.assertIn(net.id, [n.id for n in by_label])
        net.remove()
        with self.assertRaises(docker.errors.NotFound):
            self.client.networks.get(net.id)

    def test_default_networks_exist(self):
        names = {n.name for n in self.client.networks.list()}
        self.assertTrue({"bridge", "host", "none"} <= names, names)

    def test_run_on_a_network_resolves_aliases_through_etc_hosts(self):
        net = self.network()
        server = self.sleeper()
        net.connect(server, aliases=["db-alias"])
        out = self.client.containers.run(
            "alpine", ["cat", "/etc/hosts"], network=net.name, remove=True
        ).decode()
        self.assertIn("db-alias", out)
        self.assertIn(server.name, out)

    def test_legacy_links_write_the_alias_to_etc_hosts(self):
        target = self.sleeper()
        target.reload()
        ip = target.attrs["NetworkSettings"]["Networks"]["bridge"]["IPAddress"]
        out = self.client.containers.run(
            "alpine", ["grep", "database", "/etc/hosts"], links={target.name: "database"},
            remove=True,
        )
        self.assertEqual(out.decode().split(), [ip, "database", target.id[:12], target.name])

    def test_connect_and_disconnect_a_container(self):
        net = self.network()
        c = self.sleeper()
        net.connect(c, aliases=["svc"])
        net.reload()
        self.assertEqual([x.id for x in net.containers], [c.id])
        c.reload()
        endpoint = c.attrs["NetworkSettings"]["Networks"][net.name]
        self.assertIn("svc", endpoint["Aliases"])
        self.assertTrue(endpoint["IPAddress"])
        net.disconnect(c)
        net.reload()
        self.assertEqual(net.containers, [])

    def test_ipam_subnet_and_a_static_address(self):
        ipam = docker.types.IPAMConfig(
            pool_configs=[docker.types.IPAMPool(subnet="10.77.0.0/24", gateway="10.77.0.1")]
        )
        net = self.network(ipam=ipam)
        self.assertEqual(net.attrs["IPAM"]["Config"][0]["Subnet"], "10.77.0.0/24")
        c = self.sleeper()
        net.connect(c, ipv4_address="10.77.0.42")
        c.reload()
        endpoint = c.attrs["NetworkSettings"]["Networks"][net.name]
        self.assertEqual(endpoint["IPAddress"], "10.77.0.42")
        hosts = c.exec_run("cat /etc/hosts").output.decode()
        self.assertIn("10.77.0.42", hosts)

    def test_create_a_duplicate_name_is_a_conflict(self):
        net = self.network()
        with self.assertRaises(docker.errors.APIError) as caught:
            self.client.networks.create(net.name)
        self.assertEqual(caught.exception.status_code, 409)

    def test_prune_removes_unused_networks(self):
        label = unique("netprune")
        unused = self.network(labels={"prune": label})
        used = self.network(labels={"prune": label})
        self.sleeper(network=used.name)
        result = self.client.networks.prune(filters={"label": f"prune={label}"})
        self.assertEqual(result["NetworksDeleted"], [unused.name])
        self.assertEqual(self.client.networks.get(used.id).name, used.name)


class VolumesTest(DockerTestCase):
    def volume(self, **kwargs):
        vol = self.client.volumes.create(unique("vol"), **kwargs)
        self.remove_later(self.api.remove_volume, vol.name, force=True)
        return vol

    def test_create_inspect_list_and_remove(self):
        vol = self.volume(labels={"suite": "docker-py"})
        got = self.client.volumes.get(vol.name)
        self.assertEqual(got.attrs["Driver"], "local")
        self.assertEqual(got.attrs["Labels"], {"suite": "docker-py"})
        listed = self.client.volumes.list(filters={"label": "suite=docker-py"})
        self.assertIn(vol.name, [v.name for v in listed])
        vol.remove()
        with self.assertRaises(docker.errors.NotFound):
            self.client.volumes.get(vol.name)

    def test_a_volume_carries_data_between_containers(self):
        vol = self.volume()
        mounts = {vol.name: {"bind": "/data", "mode": "rw"}}
        self.client.containers.run(
            "alpine", ["sh", "-c", "echo persisted > /data/file"], volumes=mounts, remove=True
        )
        out = self.client.containers.run("alpine", "cat /data/file", volumes=mounts, remove=True)
        self.assertEqual(out, b"persisted\n")

    def test_bind_mount_of_a_host_directory(self):
        # The daemon runs on this host: a bind mount is a real directory both sides see.
        with tempfile.TemporaryDirectory() as host_dir:
            with open(os.path.join(host_dir, "in.txt"), "w") as f:
                f.write("from the host\n")
            out = self.client.containers.run(
                "alpine", ["sh", "-c", "cat /h/in.txt; echo from the container > /h/out.txt"],
                volumes={host_dir: {"bind": "/h", "mode": "rw"}}, remove=True,
            )
            self.assertEqual(out, b"from the host\n")
            with open(os.path.join(host_dir, "out.txt")) as f:
                self.assertEqual(f.read(), "from the container\n")

    def test_volumes_from_shares_the_other_containers_volumes(self):
        source = self.sleeper(volumes=["/shared"])
        out = self.client.containers.run(
            "alpine", ["sh", "-c", "echo through volumes-from > /shared/f; cat /shared/f"],
            volumes_from=[source.name], remove=True,
        )
        self.assertEqual(out, b"through volumes-from\n")
        self.assertEqual(source.exec_run("cat /shared/f").output, b"through volumes-from\n")
        with self.assertRaises(docker.errors.ContainerError):
            self.client.containers.run("alpine", ["sh", "-c", "echo x > /shared/g"],
                                       volumes_from=[f"{source.name}:ro"], remove=True)

    def test_mount_objects_and_read_only(self):
        vol = self.volume()
        mount = docker.types.Mount("/ro", vol.name, type="volume", read_only=True)
        c = self.container(command=["sh", "-c", "echo x > /ro/f"], mounts=[mount])
        self.assertNotEqual(c.wait(timeout=20)["StatusCode"], 0)
        c.reload()
        self.assertEqual(
            [(m["Type"], m["Name"], m["RW"]) for m in c.attrs["Mounts"]],
            [("volume", vol.name, False)],
        )

    def test_removing_a_volume_in_use_is_a_conflict(self):
        vol = self.volume()
        self.created(command="true", volumes={vol.name: {"bind": "/v", "mode": "rw"}})
        with self.assertRaises(docker.errors.APIError) as caught:
            vol.remove()
        self.assertEqual(caught.exception.status_code, 409)

    def test_prune_removes_unused_volumes(self):
        label = unique("volprune")
        unused = self.volume(labels={"prune": label})
        used = self.volume(labels={"prune": label})
        self.created(command="true", volumes={used.name: {"bind": "/v", "mode": "rw"}})
        result = self.client.volumes.prune(filters={"label": f"prune={label}", "all": "true"})
        self.assertEqual(result["VolumesDeleted"], [unused.name])
        self.assertEqual(self.client.volumes.get(used.name).name, used.name)
