/**
 * Network handlers in process: every JSON response checked against the spec, the predefined
 * networks, address allocation, connect/disconnect with aliases and static addresses, the
 * `/etc/hosts` of peers, events and dockerd's errors.
 */
import { assert, assertEquals, assertStringIncludes } from "../../../tests/_helpers/assert.ts";
import { call, testApp } from "../../../tests/_helpers/app.ts";
import { checkedJson as checked } from "../../../tests/_helpers/checked.ts";
import { assertConforms } from "../../../tests/conformance/conform.ts";

const { app, backend } = testApp();

function post(path: string, body?: unknown) {
  return call(app, "POST", path, body === undefined ? undefined : JSON.stringify(body));
}

async function message(res: Response, status: number): Promise<string> {
  const body = await res.json();
  assertEquals(res.status, status, JSON.stringify(body));
  return body.message;
}

const filters = (f: Record<string, string[]>) => encodeURIComponent(JSON.stringify(f));

async function run(name: string, extra: Record<string, unknown> = {}): Promise<string> {
  const res = await post(`/containers/create?name=${name}`, {
    Image: "alpine",
    Cmd: ["sleep", "600"],
    ...extra,
  });
  const { Id } = await res.json();
  assertEquals(res.status, 201);
  assertEquals((await post(`/containers/${Id}/start`)).status, 204);
  return Id;
}

/** A container's `/etc/hosts`, read through the archive endpoint (a one-file tar). */
async function hostsOf(id: string): Promise<string> {
  const res = await call(app, "GET", `/containers/${id}/archive?path=/etc/hosts`);
  assertEquals(res.status, 200);
  const tar = new Uint8Array(await res.arrayBuffer());
  const dec = new TextDecoder();
  const size = parseInt(dec.decode(tar.slice(124, 136)).replace(/\0.*$/, "").trim(), 8);
  return dec.decode(tar.slice(512, 512 + size));
}

await (await post("/images/create?fromImage=alpine&tag=latest")).text();

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

Deno.test("containers on a user-defined network resolve each other through /etc/hosts", async () => {
  const net = await (await post("/networks/create", {
    Name: "app",
    IPAM: { Config: [{ Subnet: "10.9.0.0/16" }] },
  })).json();
  const web = await run("web", {
    HostConfig: { NetworkMode: "app" },
    NetworkingConfig: { EndpointsConfig: { app: { Aliases: ["frontend"] } } },
  });
  const db = await run("db", {
    HostConfig: { NetworkMode: "app" },
    NetworkingConfig: {
      EndpointsConfig: { app: { IPAMConfig: { IPv4Address: "10.9.0.50" } } },
    },
  });
  const plain = await run("plain");
  const webInspect = await (await call(app, "GET", "/containers/web/json")).json();
  assertConforms("ContainerInspect", 200, webInspect);
  const ep = webInspect.NetworkSettings.Networks.app;
  assertEquals([ep.IPAddress, ep.Gateway, ep.IPPrefixLen, ep.NetworkID], [
    "10.9.0.2",
    "10.9.0.1",
    16,
    net.Id,
  ]);
  assertEquals(ep.MacAddress, "02:42:0a:09:00:02");
  assertEquals(ep.Aliases, ["frontend"]);
  assertEquals(ep.DNSNames, ["web", "frontend", web.slice(0, 12)]);
  const plainInspect = await (await call(app, "GET", `/containers/${plain}/json`)).json();
  assertEquals(Object.keys(plainInspect.NetworkSettings.Networks), ["bridge"]);
  assert(plainInspect.NetworkSettings.Networks.bridge.IPAddress.startsWith("172.17.0."));
  const hosts = await hostsOf(web);
  assertStringIncludes(hosts, `10.9.0.50\tdb ${db.slice(0, 12)}`);
  assertStringIncludes(hosts, `10.9.0.2\tweb frontend ${web.slice(0, 12)}`);
  assert(!hosts.includes("plain"), "the default bridge gives no names");
  const inspected = await checked("NetworkInspect", await call(app, "GET", "/networks/app"), 200);
  assertEquals(Object.keys(inspected.Containers).sort(), [web, db].sort());
  assertEquals(inspected.Containers[db].IPv4Address, "10.9.0.50/16");
  const ps = await checked(
    "ContainerList",
    await call(app, "GET", `/containers/json?filters=${filters({ network: ["app"] })}`),
    200,
  );
  assertEquals(ps.map((c: { Id: string }) => c.Id).sort(), [web, db].sort());
  assertEquals(ps[0].NetworkSettings.Networks.app.NetworkID, net.Id);
  assertEquals(
    await message(await call(app, "DELETE", "/networks/app"), 403),
    `error while removing network: network app id ${net.Id} has active endpoints`,
  );

  // connect plain with an alias: it sees the peers and they see it
  assertEquals(
    (await post("/networks/app/connect", {
      Container: "plain",
      EndpointConfig: { Aliases: ["cache"] },
    })).status,
    200,
  );
  assertStringIncludes(await hostsOf(plain), `10.9.0.2\tweb frontend`);
  assertStringIncludes(await hostsOf(web), `\tplain cache ${plain.slice(0, 12)}`);
  assertEquals(
    await message(await post("/networks/app/connect", { Container: "plain" }), 403),
    "endpoint with name plain already exists in network app",
  );
  assertEquals(
    await message(
      await post("/networks/app/connect", {
        Container: "plain",
        EndpointConfig: { IPAMConfig: { IPv4Address: "10.9.0.50" } },
      }),
      403,
    ),
    "endpoint with name plain already exists in network app",
  );
  assertEquals(
    await message(await post("/networks/app/connect", { Container: "ghost" }), 404),
    "No such container: ghost",
  );
  assertEquals(
    await message(await post("/networks/nope/connect", { Container: "plain" }), 404),
    "network nope not found",
  );

  // disconnect removes it from the peers' hosts files
  assertEquals((await post("/networks/app/disconnect", { Container: "plain" })).status, 200);
  assert(!(await hostsOf(web)).includes("plain"));
  assertEquals(
    await message(await post("/networks/app/disconnect", { Container: "plain" }), 403),
    `container ${plain} is not connected to network app`,
  );

  // a stopped peer leaves the others' hosts files; started again, it is back
  assertEquals((await post("/containers/db/stop?t=0")).status, 204);
  // The exit's rewrite runs beside the stop's answer: allow it a moment.
  for (let i = 0; i < 50 && (await hostsOf(web)).includes("\tdb "); i++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  assert(!(await hostsOf(web)).includes("\tdb "));
  assertEquals((await post("/containers/db/start")).status, 204);
  assertStringIncludes(await hostsOf(web), `10.9.0.50\tdb ${db.slice(0, 12)}`);

  // removing a container updates the others
  await call(app, "DELETE", "/containers/db?force=1");
  assert(!(await hostsOf(web)).includes("\tdb "));
  for (const id of [web, plain]) await call(app, "DELETE", `/containers/${id}?force=1`);
  assertEquals((await call(app, "DELETE", "/networks/app")).status, 204);
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

Deno.test("bad endpoint settings and network modes", async () => {
  await (await post("/networks/create", { Name: "dyn" })).json();
  const create = (body: Record<string, unknown>) =>
    post("/containers/create", { Image: "alpine", Cmd: ["true"], ...body });
  assertEquals(
    await message(
      await create({
        HostConfig: { NetworkMode: "dyn" },
        NetworkingConfig: {
          EndpointsConfig: { dyn: { IPAMConfig: { IPv4Address: "172.18.0.9" } } },
        },
      }),
      400,
    ),
    "user specified IP address is supported only when connecting to networks with user configured subnets",
  );
  assertEquals(
    await message(
      await create({
        NetworkingConfig: { EndpointsConfig: { bridge: { Aliases: ["x"] } } },
        HostConfig: { NetworkMode: "bridge" },
      }),
      400,
    ),
    "network-scoped alias is supported only for containers in user defined networks",
  );
  const dyn = await (await call(app, "GET", "/networks/dyn")).json();
  const byId = await (await create({
    HostConfig: { NetworkMode: "dyn" },
    NetworkingConfig: { EndpointsConfig: { [dyn.Id]: { Aliases: ["by-id"] } } },
  })).json();
  const joined = await (await call(app, "GET", `/containers/${byId.Id}/json`)).json();
  assertEquals(Object.keys(joined.NetworkSettings.Networks), ["dyn"], "one endpoint");
  assertEquals(joined.NetworkSettings.Networks.dyn.Aliases, ["by-id"]);
  await call(app, "DELETE", `/containers/${byId.Id}`);
  const none = await (await create({ HostConfig: { NetworkMode: "none" } })).json();
  const inspected = await (await call(app, "GET", `/containers/${none.Id}/json`)).json();
  assertEquals(inspected.NetworkSettings.Networks.none.IPAddress, "");
  assertStringIncludes(
    await message(await post("/networks/dyn/connect", { Container: none.Id }), 403),
    "private (none) mode",
  );
  await call(app, "DELETE", `/containers/${none.Id}`);
  assertEquals((await call(app, "DELETE", "/networks/dyn")).status, 204);
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

Deno.test("only running containers keep a network in use, as in dockerd", async () => {
  assertEquals((await post("/networks/create", { Name: "idle-net" })).status, 201);
  const made = await post("/containers/create?name=idle-member", {
    Image: "alpine",
    HostConfig: { NetworkMode: "idle-net" },
  });
  assertEquals(made.status, 201);
  await made.body?.cancel();
  const removed = await call(app, "DELETE", "/networks/idle-net");
  assertEquals(removed.status, 204);
  const inspected = await (await call(app, "GET", "/containers/idle-member/json")).json();
  assertEquals(Object.keys(inspected.NetworkSettings.Networks).includes("idle-net"), false);
  assertEquals((await call(app, "DELETE", "/containers/idle-member")).status, 204);
});

Deno.test("a network missing at create fails the start with dockerd's 404, not the create", async () => {
  const made = await post("/containers/create?name=early", {
    Image: "alpine",
    Cmd: ["sleep", "600"],
    HostConfig: { NetworkMode: "later" },
  });
  assertEquals(made.status, 201);
  const { Id } = await made.json();
  assertEquals(
    await message(await post(`/containers/${Id}/start`), 404),
    "network later not found",
  );
  const rm = await post("/containers/create?name=gone", {
    Image: "alpine",
    Cmd: ["true"],
    HostConfig: { NetworkMode: "later", AutoRemove: true },
  });
  const gone = (await rm.json()).Id;
  assertEquals((await post(`/containers/${gone}/start`)).status, 404);
  assertEquals((await call(app, "GET", `/containers/${gone}/json`)).status, 404, "--rm removed it");
  await (await post("/networks/create", { Name: "later" })).text();
  assertEquals((await post(`/containers/${Id}/start`)).status, 204);
  const inspected = await (await call(app, "GET", `/containers/${Id}/json`)).json();
  assertEquals(Object.keys(inspected.NetworkSettings.Networks), ["later"]);
  assertEquals((await call(app, "DELETE", `/containers/${Id}?force=1`)).status, 204);
});

Deno.test("inspect and list show a container's networks in name order, as dockerd", async () => {
  for (const name of ["zz-order", "aa-order"]) {
    assertEquals((await post("/networks/create", { Name: name })).status, 201);
  }
  const id = await run("order-ctr", { HostConfig: { NetworkMode: "zz-order" } });
  assertEquals((await post("/networks/aa-order/connect", { Container: id })).status, 200);
  const inspect = await checked(
    "ContainerInspect",
    await call(app, "GET", `/containers/${id}/json`),
    200,
  );
  assertEquals(Object.keys(inspect.NetworkSettings.Networks), ["aa-order", "zz-order"]);
  const list = await checked(
    "ContainerList",
    await call(app, "GET", `/containers/json?filters=${filters({ name: ["order-ctr"] })}`),
    200,
  );
  assertEquals(Object.keys(list[0].NetworkSettings.Networks), ["aa-order", "zz-order"]);
  assertEquals((await call(app, "DELETE", `/containers/${id}?force=1`)).status, 204);
});

Deno.test("the host network gives the host's hostname; container:<ref> the joined one's", async () => {
  const hostname = async (mode: string) => {
    const made = await post("/containers/create", {
      Image: "alpine",
      Cmd: ["true"],
      HostConfig: { NetworkMode: mode },
    });
    const { Id } = await made.json();
    const inspected = await (await call(app, "GET", `/containers/${Id}/json`)).json();
    return { id: Id as string, hostname: inspected.Config.Hostname as string };
  };
  assertEquals((await hostname("host")).hostname, Deno.hostname());
  const first = await hostname("bridge");
  assertEquals(first.hostname, first.id.slice(0, 12));
  assertEquals((await hostname(`container:${first.id}`)).hostname, first.hostname);
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
