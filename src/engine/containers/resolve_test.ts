/** Entrypoint and Cmd resolved against the image as dockerd's merge does. */
import { assertEquals, assertRejects } from "../../../tests/_helpers/assert.ts";
import type { Types } from "../../../generated/docker/mod.ts";
import { resolveConfig } from "./resolve.ts";

const image = { Entrypoint: ["/entry"], Cmd: ["serve"] };

function argv(request: { Entrypoint?: string[]; Cmd?: string[] | null }) {
  // JSON null reaches the resolver as the clients send it, whatever the spec's type says.
  const config = resolveConfig({ Image: "x", ...request } as Types.ContainerConfig, image);
  return [config.Entrypoint, config.Cmd];
}

Deno.test("an absent or empty Cmd takes the image's unless the request sets an Entrypoint", () => {
  assertEquals(argv({}), [["/entry"], ["serve"]]);
  assertEquals(argv({ Cmd: [] }), [["/entry"], ["serve"]]);
  assertEquals(argv({ Cmd: null }), [["/entry"], ["serve"]]);
  assertEquals(argv({ Cmd: ["run", "once"] }), [["/entry"], ["run", "once"]]);
  assertEquals(argv({ Entrypoint: ["sh"] }), [["sh"], undefined]);
  assertEquals(argv({ Entrypoint: ["sh"], Cmd: ["-c", "true"] }), [["sh"], ["-c", "true"]]);
  // An empty (not absent) Entrypoint clears the image's but keeps inheriting its Cmd.
  assertEquals(argv({ Entrypoint: [] }), [[], ["serve"]]);
  // The docker CLI's `--entrypoint ""` sends [""]: that is set, so the image Cmd is dropped,
  // and then dockerd's mergeAndVerifyConfig resets the [""] itself.
  assertEquals(argv({ Entrypoint: [""] }), [undefined, undefined]);
});

Deno.test('--entrypoint "" resets the Entrypoint; a relative WorkingDir is refused', async () => {
  const image = { Entrypoint: ["/docker-entrypoint.sh"], Cmd: ["serve"] };
  const reset = resolveConfig({ Entrypoint: [""], Cmd: ["echo", "hi"] }, image);
  assertEquals([reset.Entrypoint, reset.Cmd], [undefined, ["echo", "hi"]]);
  const bare = resolveConfig({ Entrypoint: [""] }, image);
  assertEquals([bare.Entrypoint, bare.Cmd], [undefined, undefined]);
  assertEquals(resolveConfig({ WorkingDir: "/a/./b/../c/" }, image).WorkingDir, "/a/c");
  await assertRejects(
    () => resolveConfig({ WorkingDir: "rel" }, image),
    "the working directory 'rel' is invalid, it needs to be an absolute path",
  );
});
