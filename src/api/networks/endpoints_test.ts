/**
 * Containers on networks in process: connect/disconnect with aliases and static addresses, the
 * `/etc/hosts` of peers, endpoint settings and network modes, and the order of their events.
 */
import { assert, assertEquals, assertStringIncludes } from "../../../tests/_helpers/assert.ts";
import { call } from "../../../tests/_helpers/app.ts";
import { checkedJson as checked } from "../../../tests/_helpers/checked.ts";
import { filters, message, networksApp } from "../../../tests/_helpers/networks_app.ts";
import { waitFor } from "../../../tests/_helpers/wait.ts";
import { assertConforms } from "../../../tests/conformance/conform.ts";

const { app, backend, post, run, hostsOf } = await networksApp();

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
  await waitFor(async () => !(await hostsOf(web)).includes("\tdb "), {
    message: "the stopped db to leave web's /etc/hosts",
  });
  assertEquals((await post("/containers/db/start")).status, 204);
  assertStringIncludes(await hostsOf(web), `10.9.0.50\tdb ${db.slice(0, 12)}`);

  // removing a container updates the others
  await call(app, "DELETE", "/containers/db?force=1");
  assert(!(await hostsOf(web)).includes("\tdb "));
  for (const id of [web, plain]) await call(app, "DELETE", `/containers/${id}?force=1`);
  assertEquals((await call(app, "DELETE", "/networks/app")).status, 204);
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

Deno.test("a container's create event comes before its network connect event", async () => {
  const c = await (await post("/containers/create?name=ordered", {
    Image: "alpine",
    Cmd: ["true"],
  })).json();
  const mine = backend.events.history().filter((e) =>
    e.Actor.ID === c.Id || e.Actor.Attributes.container === c.Id
  );
  assertEquals(mine.map((e) => `${e.Type} ${e.Action}`), ["container create", "network connect"]);
  await call(app, "DELETE", `/containers/${c.Id}`);
});
