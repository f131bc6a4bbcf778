"""client.events(): bounded replays with decode and filters, and a live stream that is closed."""
import json
import threading
import time

from _support import DockerTestCase, unique


class EventsTest(DockerTestCase):
    def replay(self, since, **filters):
        """Events from `since` until now: dockerd reads `until` as seconds.nanoseconds, so the
        replay ends at once instead of holding the stream open to the next whole second."""
        until = time.time()
        return list(self.client.events(since=since, until=until, filters=filters, decode=True))

    def test_container_lifecycle_events_in_order_with_fields(self):
        since = int(time.time()) - 1
        name = unique("ev")
        c = self.container(command=["sh", "-c", "exit 3"], name=name)
        c.wait(timeout=20)
        c.remove()
        events = self.replay(since, container=c.id)
        actions = [e["Action"] for e in events]
        self.assertEqual(actions, ["create", "start", "die", "destroy"], events)
        die = events[2]
        self.assertEqual(die["Type"], "container")
        self.assertEqual(die["Actor"]["ID"], c.id)
        self.assertEqual(die["Actor"]["Attributes"]["name"], name)
        self.assertEqual(die["Actor"]["Attributes"]["image"], "alpine")
        self.assertEqual(die["Actor"]["Attributes"]["exitCode"], "3")
        self.assertEqual(die["scope"], "local")
        self.assertAlmostEqual(die["time"], time.time(), delta=30)
        self.assertEqual(die["timeNano"] // 1_000_000_000, die["time"])

    def test_filter_by_event_and_label(self):
        since = int(time.time()) - 1
        label = unique("evlabel")
        for _ in range(2):
            self.container(command="true", labels={"evlabel": label}).wait(timeout=20)
        self.container(command="true").wait(timeout=20)
        events = self.replay(since, event="die", label=f"evlabel={label}")
        self.assertEqual([e["Action"] for e in events], ["die", "die"])
        self.assertTrue(all(e["Actor"]["Attributes"]["evlabel"] == label for e in events))

    def test_image_events_for_tag_and_untag(self):
        since = int(time.time()) - 1
        repo = unique("evimg")
        self.client.images.get("alpine").tag(repo, "t")
        self.client.images.remove(f"{repo}:t")
        events = self.replay(since, type="image", image=f"{repo}:t")
        self.assertEqual([e["Action"] for e in events], ["tag", "untag"], events)
        self.assertEqual(events[0]["Actor"]["Attributes"]["name"], f"{repo}:t")

    def test_volume_and_network_events(self):
        since = int(time.time()) - 1
        vol = self.client.volumes.create(unique("evvol"))
        net = self.client.networks.create(unique("evnet"))
        c = self.sleeper()
        net.connect(c)
        net.disconnect(c)
        vol.remove()
        net.remove()
        volume_events = self.replay(since, type="volume", volume=vol.name)
        self.assertEqual([e["Action"] for e in volume_events], ["create", "destroy"])
        network_events = self.replay(since, type="network", network=net.id)
        self.assertEqual(
            [e["Action"] for e in network_events], ["create", "connect", "disconnect", "destroy"]
        )
        self.assertEqual(network_events[1]["Actor"]["Attributes"]["container"], c.id)

    def test_live_stream_sees_new_events_and_closes(self):
        label = unique("live")
        stream = self.client.events(decode=True, filters={"label": f"live={label}"})
        received = []

        def read():
            for event in stream:
                received.append(event)
                if event["Action"] == "destroy":
                    break

        # events() returned after the response head: the daemon is subscribed already.
        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        c = self.container(command="true", labels={"live": label})
        c.wait(timeout=20)
        c.remove()
        reader.join(timeout=10)
        stream.close()
        self.assertFalse(reader.is_alive(), f"live events did not arrive: {received}")
        self.assertEqual([e["Action"] for e in received], ["create", "start", "die", "destroy"])

    def test_undecoded_events_are_json_lines(self):
        since = int(time.time()) - 1
        vol = self.client.volumes.create(unique("raw"))
        vol.remove()
        until = time.time()
        raw = b"".join(self.client.events(since=since, until=until,
                                          filters={"volume": vol.name}))
        lines = [json.loads(line) for line in raw.splitlines() if line.strip()]
        self.assertEqual([e["Action"] for e in lines], ["create", "destroy"])
