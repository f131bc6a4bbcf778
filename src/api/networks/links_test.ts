/** Legacy links (`--link`, docker-py's `links=`): the alias lands in the container's /etc/hosts. */
import { assertEquals } from "../../../tests/_helpers/assert.ts";
import { call, testApp } from "../../../tests/_helpers/app.ts";

const { app } = testApp();

async function start(name: string, hostConfig: Record<string, unknown> = {}): Promise<string> {
  const res = await call(
    app,
    "POST",
    `/containers/create?name=${name}`,
    JSON.stringify({ Image: "alpine", Cmd: ["sleep", "600"], HostConfig: hostConfig }),
  );
  const { Id } = await res.json();
  assertEquals((await call(app, "POST", `/containers/${Id}/start`)).status, 204);
  return Id;
}

async function hostsOf(id: string): Promise<string[]> {
  const res = await call(app, "GET", `/containers/${id}/archive?path=/etc/hosts`);
  const tar = new Uint8Array(await res.arrayBuffer());
  const dec = new TextDecoder();
  const size = parseInt(dec.decode(tar.slice(124, 136)).replace(/\0.*$/, "").trim(), 8);
  return dec.decode(tar.slice(512, 512 + size)).trim().split("\n");
}

await (await call(app, "POST", "/images/create?fromImage=alpine&tag=latest")).text();

Deno.test("a link writes `<ip> alias <short id> name` for a running target, as dockerd", async () => {
  const db = await start("linkdb");
  const ip = (await (await call(app, "GET", `/containers/${db}/json`)).json())
    .NetworkSettings.Networks.bridge.IPAddress;
  const app1 = await start("linkapp", { Links: ["linkdb:database", "/linkdb:/linkapp/db2"] });
  const lines = await hostsOf(app1);
  assertEquals(lines.filter((l) => l.includes("linkdb")), [
    `${ip}\tdatabase ${db.slice(0, 12)} linkdb`,
    `${ip}\tdb2 ${db.slice(0, 12)} linkdb`,
  ]);
  for (const id of [app1, db]) await call(app, "DELETE", `/containers/${id}?force=1`);
});
