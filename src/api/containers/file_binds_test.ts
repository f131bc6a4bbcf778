/**
 * Bind mounts of single host files in process: the container reads and writes the host file,
 * inspect lists the bind, `docker diff` leaves the mount point out, the archive endpoints read
 * the host file and, as dockerd's untar, fail with the unlink's EBUSY when extracting onto it.
 */
import { assertEquals, assertStringIncludes } from "../../../tests/_helpers/assert.ts";
import { call, testApp } from "../../../tests/_helpers/app.ts";
import { makeTar } from "../../../tests/_helpers/tar.ts";
import { assertConforms } from "../../../tests/conformance/conform.ts";

const { app } = testApp();
await (await call(app, "POST", "/images/create?fromImage=alpine&tag=latest")).text();

async function run(hostConfig: Record<string, unknown>, script: string): Promise<string> {
  const res = await call(
    app,
    "POST",
    "/containers/create",
    JSON.stringify({ Image: "alpine", Cmd: ["sh", "-c", script], HostConfig: hostConfig }),
  );
  const created = await res.json();
  assertEquals(res.status, 201, created.message);
  await (await call(app, "POST", `/containers/${created.Id}/start`)).text();
  const waited = await (await call(app, "POST", `/containers/${created.Id}/wait`)).json();
  assertEquals(waited.StatusCode, 0);
  return created.Id;
}

Deno.test("a file bind is the host file: read, written, inspected, left out of diff", async () => {
  const dir = await Deno.makeTempDir({ prefix: "sockerless-file-binds-" });
  try {
    const conf = `${dir}/app.conf`;
    await Deno.writeTextFile(conf, "port=1\n");
    const id = await run(
      { Binds: [`${conf}:/etc/app.conf`] },
      "grep -q port=1 /etc/app.conf && echo port=2 > /etc/app.conf && echo x > /etc/other",
    );
    assertEquals(await Deno.readTextFile(conf), "port=2\n");
    const inspected = await (await call(app, "GET", `/containers/${id}/json`)).json();
    assertEquals(
      inspected.Mounts.map((m: Record<string, unknown>) => [m.Type, m.Source, m.Destination]),
      [["bind", conf, "/etc/app.conf"]],
    );
    const changes = await (await call(app, "GET", `/containers/${id}/changes`)).json();
    assertConforms("ContainerChanges", 200, changes);
    assertEquals(changes, [{ Path: "/etc", Kind: 0 }, { Path: "/etc/other", Kind: 1 }]);
    await Deno.writeTextFile(conf, "from the host\n");
    const got = await call(app, "GET", `/containers/${id}/archive?path=/etc/app.conf`);
    assertEquals(got.status, 200);
    assertStringIncludes(new TextDecoder().decode(await got.arrayBuffer()), "from the host\n");
    await call(app, "DELETE", `/containers/${id}`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("extracting an archive onto a file bind fails as dockerd's untar does", async () => {
  const dir = await Deno.makeTempDir({ prefix: "sockerless-file-binds-" });
  try {
    const conf = `${dir}/app.conf`;
    await Deno.writeTextFile(conf, "kept\n");
    const id = await run({ Binds: [`${conf}:/etc/app.conf:ro`] }, "true");
    const put = await app.fetch(
      new Request(`http://docker/containers/${id}/archive?path=/etc`, {
        method: "PUT",
        body: makeTar([{ name: "app.conf", body: "replaced\n" }]),
      }),
    );
    const body = await put.json();
    assertEquals([put.status, body.message], [
      500,
      "unlinkat /etc/app.conf: device or resource busy",
    ]);
    assertEquals(await Deno.readTextFile(conf), "kept\n");
    await call(app, "DELETE", `/containers/${id}`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
