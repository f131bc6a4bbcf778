/** Bind sources as dockerd treats them: `-v` creates a missing one, `--mount` refuses it. */
import { assert, assertEquals, assertRejects } from "../../../tests/_helpers/assert.ts";
import type { DockerError } from "../errors.ts";
import { resolveMounts, type VolumeDirs } from "./mounts.ts";

const noVolumes: VolumeDirs = {
  use: () => Promise.reject(new Error("no volumes in this test")),
};

Deno.test("-v with a missing host directory creates it; --mount type=bind refuses", async () => {
  const root = await Deno.makeTempDir({ prefix: "sockerless-mounts-" });
  try {
    const made = `${root}/made/deep`;
    const { mounts, views } = await resolveMounts(
      { Binds: [`${made}:/data:ro`] },
      undefined,
      noVolumes,
      "c1",
    );
    assert((await Deno.stat(made)).isDirectory, "the source was created");
    assertEquals(mounts, [{ type: "bind", source: made, target: "/data", readOnly: true }]);
    assertEquals([views[0].Type, views[0].RW], ["bind", false]);
    await assertRejects(
      () =>
        resolveMounts(
          { Mounts: [{ Type: "bind", Source: `${root}/missing`, Target: "/x" }] },
          undefined,
          noVolumes,
          "c1",
        ),
      `invalid mount config for type "bind": bind source path does not exist: ${root}/missing`,
    );
    assertEquals(await Deno.stat(`${root}/missing`).catch(() => null), null);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("a lone container path in Binds is an anonymous volume, as dockerd parses it", async () => {
  const used: (string | undefined)[] = [];
  const volumes: VolumeDirs = {
    use: (name) => {
      used.push(name);
      return Promise.resolve({ name: "anon1", mountpoint: "/tmp/anon1" });
    },
  };
  const { mounts, views } = await resolveMounts(
    { Binds: ["/data", "/cache:ro"] },
    undefined,
    volumes,
    "c1",
  );
  assertEquals(used, [undefined, undefined]);
  assertEquals(mounts, [
    // Empty volumes get the image's content at create (dockerd's copy-up; no `nocopy` here).
    { type: "volume", source: "/tmp/anon1", target: "/data", readOnly: false, copyUp: true },
    { type: "volume", source: "/tmp/anon1", target: "/cache", readOnly: true, copyUp: true },
  ]);
  assertEquals(views.map((v) => [v.Type, v.Name, v.Destination]), [
    ["volume", "anon1", "/data"],
    ["volume", "anon1", "/cache"],
  ]);
  await assertRejects(
    () => resolveMounts({ Binds: ["data"] }, undefined, volumes, "c1"),
    "invalid volume specification: 'data'",
  );
});

Deno.test("a file binds as itself; a Unix socket source gets the memory backend's 501", async () => {
  const root = await Deno.makeTempDir({ prefix: "sockerless-mounts-" });
  try {
    const file = `${root}/app.conf`;
    await Deno.writeTextFile(file, "");
    const { mounts, views } = await resolveMounts(
      { Binds: [`${file}:/etc/app.conf:ro`] },
      undefined,
      noVolumes,
      "c1",
    );
    assertEquals(mounts, [{ type: "bind", source: file, target: "/etc/app.conf", readOnly: true }]);
    assertEquals([views[0].Type, views[0].Source, views[0].RW], ["bind", file, false]);
    const socket = `${root}/docker.sock`;
    // Open while resolved: closing the listener removes the socket file.
    using _listener = Deno.listen({ transport: "unix", path: socket });
    for (
      const hostConfig of [
        { Binds: [`${socket}:/var/run/docker.sock`] },
        { Mounts: [{ Type: "bind" as const, Source: socket, Target: "/var/run/docker.sock" }] },
      ]
    ) {
      const error = await assertRejects(
        () => resolveMounts(hostConfig, undefined, noVolumes, "c1"),
        `bind mounts of Unix sockets are not supported by the memory backend: ${socket} is a ` +
          "Unix socket (the sandbox has no Unix sockets to connect to)",
      );
      assertEquals((error as DockerError).kind, "NotImplemented");
    }
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
