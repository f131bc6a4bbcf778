"""put_archive / get_archive (and the archive HEAD stat) through docker-py."""
import gzip

import docker

from _support import DockerTestCase, tar_of, untar


class ArchiveTest(DockerTestCase):
    def test_put_archive_then_get_archive_round_trip(self):
        c = self.sleeper()
        self.assertTrue(c.put_archive("/tmp", tar_of({"note.txt": b"from docker-py"})))
        bits, stat = c.get_archive("/tmp/note.txt")
        self.assertEqual((stat["name"], stat["size"]), ("note.txt", 14))
        self.assertEqual(untar(bits), {"note.txt": b"from docker-py"})

    def test_put_archive_is_visible_to_the_container(self):
        c = self.sleeper()
        c.put_archive("/srv", tar_of({"app/config.ini": b"[main]\nkey=1\n"}))
        result = c.exec_run("cat /srv/app/config.ini")
        self.assertEqual(result.output, b"[main]\nkey=1\n")

    def test_get_archive_of_a_directory_written_by_the_container(self):
        c = self.container(
            command=["sh", "-c", "mkdir -p /out/sub && echo A > /out/a && echo B > /out/sub/b"]
        )
        c.wait(timeout=20)
        bits, stat = c.get_archive("/out")
        self.assertEqual(stat["name"], "out")
        self.assertTrue(stat["mode"] & (1 << 31), "directory bit set in the stat mode")
        files = untar(bits)
        self.assertEqual(files["out/a"], b"A\n")
        self.assertEqual(files["out/sub/b"], b"B\n")
        self.assertIn("out/sub", files)

    def test_get_archive_of_a_missing_path_is_not_found(self):
        c = self.sleeper()
        with self.assertRaises(docker.errors.NotFound):
            c.get_archive("/no/such/path")

    def test_put_archive_into_a_missing_directory_is_not_found(self):
        c = self.sleeper()
        with self.assertRaises(docker.errors.NotFound):
            c.put_archive("/no/such/dir", tar_of({"x": b"x"}))

    def test_put_archive_on_a_created_container_then_run(self):
        c = self.created(command=["cat", "/seed/input.txt"])
        c.put_archive("/", tar_of({"seed/input.txt": b"seeded before start\n"}))
        c.start()
        self.assertEqual(c.wait(timeout=20)["StatusCode"], 0)
        self.assertEqual(c.logs(), b"seeded before start\n")

    def test_low_level_get_archive_and_put_archive(self):
        c = self.sleeper(hostname="archived")
        stream, stat = self.api.get_archive(c.id, "/etc/hostname")
        self.assertEqual((stat["name"], stat["size"]), ("hostname", len(b"archived\n")))
        self.assertEqual(untar(stream), {"hostname": b"archived\n"})
        self.assertTrue(self.api.put_archive(c.id, "/etc", tar_of({"motd": b"welcome\n"})))
        self.assertEqual(c.exec_run("cat /etc/motd").output, b"welcome\n")

    def test_put_archive_takes_a_gzip_tar_and_refuses_garbage(self):
        c = self.sleeper()
        self.assertTrue(c.put_archive("/tmp", gzip.compress(tar_of({"z.txt": b"zipped\n"}))))
        self.assertEqual(c.exec_run("cat /tmp/z.txt").output, b"zipped\n")
        with self.assertRaises(docker.errors.APIError) as caught:
            c.put_archive("/tmp", b"this is not a tar archive" * 40)
        self.assertEqual(caught.exception.status_code, 400)
