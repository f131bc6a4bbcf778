import { assert, assertEquals } from "../../../tests/_helpers/assert.ts";
import { EventBus } from "../events.ts";
import { formatIp, parseIp } from "./ipam.ts";
import { NetworkDisk, restoreEndpoints, savedEndpoints } from "./network_disk.ts";
import { EngineNetworks } from "./service.ts";

async function withDir(fn: (dir: string) => Promise<void>) {
  const dir = await Deno.makeTempDir({ prefix: "network-disk-test-" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

async function open(dir: string): Promise<EngineNetworks> {
  const noContainers = {
    get: (ref: string) => {
      throw new Error(`no container ${ref} in this test`);
    },
    find: () => undefined,
    endpointsChanged: () => Promise.resolve(),
  };
  const networks = new EngineNetworks(new EventBus(), noContainers);
  await networks.load(new NetworkDisk(dir));
  return networks;
}

Deno.test("networks keep their ids, settings and pools across a reopen", async () => {
  await withDir(async (dir) => {
    const first = await open(dir);
    const { Id } = await first.create({ Name: "n1", Labels: { a: "b" } });
    const bridge = first.get("bridge").id;

    const second = await open(dir);
    assertEquals(second.get("bridge").id, bridge);
    const n1 = second.get("n1");
    assertEquals([n1.id, n1.settings.labels], [Id, { a: "b" }]);
    assertEquals(n1.pool?.subnet.prefix, 16);
    const { Id: other } = await second.create({ Name: "n2" });
    assert(second.get(other).pool?.subnet.base !== n1.pool?.subnet.base, "n2 took n1's subnet");
    await second.remove("n1");

    const third = await open(dir);
    assertEquals([...third.index.values()].map((n) => n.name).sort(), [
      "bridge",
      "host",
      "n2",
      "none",
    ]);
  });
});

Deno.test("a network's --ip-range still bounds its addresses after a reopen", async () => {
  await withDir(async (dir) => {
    const first = await open(dir);
    const ipam = { Config: [{ Subnet: "10.9.0.0/16", IPRange: "10.9.5.0/24" }] };
    await first.create({ Name: "ranged", IPAM: ipam });
    const fresh = formatIp(first.get("ranged").pool!.take()!);
    assert(fresh.startsWith("10.9.5."), fresh);
    const reopened = (await open(dir)).get("ranged").pool!;
    assertEquals(formatIp(reopened.take()!), fresh);
  });
});

Deno.test("saved endpoints come back with their addresses, on networks that still exist", async () => {
  await withDir(async (dir) => {
    const networks = await open(dir);
    const bridge = networks.get("bridge");
    const ip = bridge.pool!.take();
    bridge.endpoints.set("c1", { containerId: "c1", endpointId: "e1", ip, aliases: ["x"] });
    const saved = JSON.parse(JSON.stringify(
      [...savedEndpoints(networks.index.values(), "c1"), { network: "gone", endpointId: "e2" }],
    ));

    const again = await open(dir);
    restoreEndpoints((id) => again.index.find(id), "c1", saved);
    const e = again.get("bridge").endpoints.get("c1");
    assertEquals([e?.endpointId, e?.aliases, formatIp(e!.ip!)], ["e1", ["x"], formatIp(ip)]);
    assert(again.get("bridge").pool!.has(parseIp(formatIp(ip))!));
  });
});
