/**
 * Network handlers in process: every JSON response checked against the spec, the predefined
 * networks, address allocation and pools, filters, prune, events and dockerd's errors.
 */
import { assertEquals, assertStringIncludes } from "../../../tests/_helpers/assert.ts";
import { call } from "../../../tests/_helpers/app.ts";
import { checkedJson as checked } from "../../../tests/_helpers/checked.ts";
import { filters, message, networksApp } from "../../../tests/_helpers/networks_app.ts";

const { app, backend, post, run } = await networksApp();

Deno.test("the predefined networks exist and cannot be removed", async () => {
  const list = await checked("NetworkList", await call(app, "GET", "/networks"), 200);
  const names = list.map((n: { Name: string }) => n.Name).sort();
  assertEquals(names, ["bridge", "host", "none"]);
  const bridge = await checked("NetworkInspect", await call(app, "GET", "/networks/bridge"), 200);
  assertEquals(bridge.IPAM.Config, [{ Subnet: "172.17.0.0/16", Gateway: "172.17.0.1" }]);
  assertEquals([bridge.Driver, bridge.Scope], ["bridge", "local"]);
  for (const name of ["bridge", "host", "none"]) {
    assertEquals(
      await message(await call(app, "DELETE", `/networks/${name}`), 403),
      `${name} is a pre-defined network and cannot be removed`,
    );
  }
  const builtin = await checked(
    "NetworkList",
    await call(app, "GET", `/networks?filters=${filters({ type: ["builtin"] })}`),
    200,
  );
  assertEquals(builtin.length, 3);
});

Deno.test("create allocates subnets, refuses duplicates and overlaps; filters and prune", async () => {
  const a = await checked("NetworkCreate", await post("/networks/create", { Name: "na" }), 201);
  assertEquals(a.Warning, "");
  const inspected = await checked("NetworkInspect", await call(app, "GET", "/networks/na"), 200);
  assertEquals(inspected.Id, a.Id);
  assertEquals(inspected.IPAM.Config, [{ Subnet: "172.18.0.0/16", Gateway: "172.18.0.1" }]);
  assertEquals(inspected.Containers, {});
  const b = await checked(
    "NetworkCreate",
    await post("/networks/create", {
      Name: "nb",
      Internal: true,
      Attachable: true,
      Labels: { team: "x" },
      IPAM: { Config: [{ Subnet: "10.5.0.0/24", Gateway: "10.5.0.254" }] },
    }),
    201,
  );
  const nb = await checked(
    "NetworkInspect",
    await call(app, "GET", `/networks/${b.Id.slice(0, 10)}`),
    200,
  );
  assertEquals([nb.Name, nb.Internal, nb.Attachable, nb.Labels], ["nb", true, true, { team: "x" }]);
  assertEquals(nb.IPAM.Config[0].Gateway, "10.5.0.254");
  const c = await checked("NetworkCreate", await post("/networks/create", { Name: "nc" }), 201);
  const nc = await (await call(app, "GET", `/networks/${c.Id}`)).json();
  assertEquals(nc.IPAM.Config[0].Subnet, "172.19.0.0/16");
  assertEquals(
    await message(await post("/networks/create", { Name: "na", CheckDuplicate: true }), 409),
    "network with name na already exists",
  );
  assertEquals(
    await message(
      await post("/networks/create", {
        Name: "nd",
        IPAM: { Config: [{ Subnet: "10.5.0.128/25" }] },
      }),
      403,
    ),
    "invalid pool request: Pool overlaps with other one on this address space",
  );
  assertStringIncludes(
    await message(await post("/networks/create", { Name: "ne", Driver: "weave" }), 404),
    "plugin not found",
  );
  assertEquals(
    await message(await post("/networks/create", { Name: "bridge" }), 403),
    "operation is not permitted on predefined bridge network",
  );
  assertEquals(
    await message(
      await post("/networks/create", { Name: "nf", IPAM: { Config: [{ Subnet: "10.1.0/24" }] } }),
      400,
    ),
    "invalid CIDR address: 10.1.0/24",
  );
  const labelled = await checked(
    "NetworkList",
    await call(app, "GET", `/networks?filters=${filters({ label: ["team=x"] })}`),
    200,
  );
  assertEquals(labelled.map((n: { Name: string }) => n.Name), ["nb"]);
  const custom = await checked(
    "NetworkList",
    await call(
      app,
      "GET",
      `/networks?filters=${filters({ type: ["custom"], driver: ["bridge"], name: ["^n[ac]$"] })}`,
    ),
    200,
  );
  assertEquals(custom.map((n: { Name: string }) => n.Name), ["na", "nc"]);
  const byId = await checked(
    "NetworkList",
    await call(app, "GET", `/networks?filters=${filters({ id: [c.Id.slice(0, 12)] })}`),
    200,
  );
  assertEquals(byId.map((n: { Name: string }) => n.Name), ["nc"]);
  assertEquals(
    await message(await call(app, "GET", `/networks?filters=${filters({ type: ["odd"] })}`), 400),
    "invalid filter: 'type'='odd'",
  );
  assertEquals(
    await message(await call(app, "GET", "/networks/nope"), 404),
    "network nope not found",
  );
  assertEquals(
    await message(await call(app, "DELETE", "/networks/nope"), 404),
    "network nope not found",
  );
  const pruned = await checked(
    "NetworkPrune",
    await post(`/networks/prune?filters=${filters({ label: ["team=x"] })}`),
    200,
  );
  assertEquals(pruned.NetworksDeleted, ["nb"]);
  assertEquals((await call(app, "DELETE", "/networks/nc")).status, 204);
  const all = await checked("NetworkPrune", await post("/networks/prune"), 200);
  assertEquals(all.NetworksDeleted, ["na"]);
});

Deno.test("an IPAM pool's null and empty fields are left out, as dockerd's omitempty", async () => {
  // docker-py's IPAMPool sends every field, unset ones as null.
  const pool = { Subnet: "10.66.0.0/24", IPRange: null, Gateway: null, AuxiliaryAddresses: null };
  const created = await checked(
    "NetworkCreate",
    await post("/networks/create", {
      Name: "pynulls",
      IPAM: { Driver: "default", Config: [pool] },
    }),
    201,
  );
  const inspected = await checked(
    "NetworkInspect",
    await call(app, "GET", `/networks/${created.Id}`),
    200,
  );
  assertEquals(inspected.IPAM.Config, [{ Subnet: "10.66.0.0/24", Gateway: "10.66.0.1" }]);
  assertEquals((await call(app, "DELETE", `/networks/${created.Id}`)).status, 204);
});

Deno.test("network events: create, connect, disconnect, destroy", async () => {
  const since = Date.now();
  const net = await (await post("/networks/create", { Name: "evnet" })).json();
  const c = await (await post("/containers/create", {
    Image: "alpine",
    Cmd: ["true"],
    HostConfig: { NetworkMode: "evnet" },
  })).json();
  await call(app, "DELETE", `/containers/${c.Id}`);
  await call(app, "DELETE", "/networks/evnet");
  const events = backend.events.history().filter((e) =>
    e.Type === "network" && e.Actor.ID === net.Id && e.time * 1000 >= since - 1000
  );
  assertEquals(events.map((e) => e.Action), ["create", "connect", "disconnect", "destroy"]);
  assertEquals(events[1].Actor.Attributes, { container: c.Id, name: "evnet", type: "bridge" });
});

Deno.test("--ip-range narrows dynamic addresses; a static one may be anywhere in the subnet", async () => {
  const made = await post("/networks/create", {
    Name: "ranged",
    IPAM: { Config: [{ Subnet: "10.77.0.0/24", IPRange: "10.77.0.128/25", Gateway: "10.77.0.1" }] },
  });
  assertEquals(made.status, 201);
  await made.body?.cancel();
  const ipOf = async (name: string, extra: Record<string, unknown> = {}) => {
    const id = await run(name, { HostConfig: { NetworkMode: "ranged" }, ...extra });
    const inspected = await (await call(app, "GET", `/containers/${id}/json`)).json();
    return inspected.NetworkSettings.Networks.ranged.IPAddress;
  };
  assertEquals(await ipOf("r1"), "10.77.0.128");
  const fixed = {
    NetworkingConfig: { EndpointsConfig: { ranged: { IPAMConfig: { IPv4Address: "10.77.0.5" } } } },
  };
  assertEquals(await ipOf("r2", fixed), "10.77.0.5");
  assertEquals(await ipOf("r3"), "10.77.0.129");
  const outside = await post("/networks/create", {
    Name: "badrange",
    IPAM: { Config: [{ Subnet: "10.78.0.0/24", IPRange: "10.79.0.0/25" }] },
  });
  assertEquals(await message(outside, 400), "no matching subnet for range 10.79.0.0/25");
  for (const name of ["r1", "r2", "r3"]) await call(app, "DELETE", `/containers/${name}?force=1`);
});

Deno.test("IPv6 networks are a 501: the memory backend gives IPv4 addresses only", async () => {
  for (
    const body of [{ Name: "six", EnableIPv6: true }, {
      Name: "six",
      IPAM: { Config: [{ Subnet: "fd00:1::/64" }] },
    }]
  ) {
    assertEquals(
      await message(await post("/networks/create", body), 501),
      "IPv6 networks are not supported by the memory backend: its containers get IPv4 addresses only",
    );
  }
});
