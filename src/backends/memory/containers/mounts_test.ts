/** Bind sources as dockerd treats them: `-v` creates a missing one, `--mount` refuses it. */
import { assert, assertEquals, assertRejects } from "../../../../tests/_helpers/assert.ts";
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
