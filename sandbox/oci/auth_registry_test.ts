import { assertEquals, assertRejects } from "../../tests/_helpers/assert.ts";
import { startRegistry } from "../../tests/_helpers/registry.ts";
import { decodeRegistryAuth, encodeRegistryAuth } from "./auth.ts";
import { verifyCredentials } from "./login.ts";
import { pullImage } from "./pull.ts";
import { pushImage } from "./push.ts";
import { pushLayers, readAll, testImage } from "./_test_image.ts";

function kindOf(err: Error): string | undefined {
  return (err as { kind?: string }).kind;
}

Deno.test("registry: htpasswd basic auth with good and bad credentials", async (t) => {
  await using registry = await startRegistry({ users: { alice: "wonderland" } });
  const serverAddress = registry.domain;
  const good = decodeRegistryAuth(
    encodeRegistryAuth({ username: "alice", password: "wonderland", serverAddress }),
  )!;
  const bad = { username: "alice", password: "nope", serverAddress };
  const ref = `${registry.domain}/private/app:v1`;
  const image = await testImage([{ "etc/motd": "members only\n" }]);

  await t.step("login accepts good credentials and refuses bad ones", async () => {
    assertEquals(await verifyCredentials(good), { Status: "Login Succeeded", IdentityToken: "" });
    const err = await assertRejects(
      () => verifyCredentials(bad),
      `login attempt to ${registry.url}/v2/ failed with status: 401`,
    );
    assertEquals(kindOf(err), "Unauthorized");
    const none = await assertRejects(
      () => verifyCredentials({ serverAddress }),
      "no basic auth credentials",
    );
    assertEquals(kindOf(none), "Unauthorized");
  });

  await t.step("push and pull with credentials", async () => {
    const pushed = await pushImage(ref, {
      auth: good,
      config: image.config,
      layers: pushLayers(image),
    });
    const pulled = await pullImage(ref, { auth: good });
    assertEquals(pulled.manifestDigest, pushed.digest);
    assertEquals(await readAll(pulled.layers[0].open()), image.tars[0]);
  });

  await t.step("push and pull without or with bad credentials fail", async () => {
    const anonymous = await assertRejects(() => pullImage(ref), "no basic auth credentials");
    assertEquals(kindOf(anonymous), "Unauthorized");
    const denied = await assertRejects(
      () => pullImage(ref, { auth: bad }),
      `pull access denied for ${registry.domain}/private/app, repository does not exist or ` +
        "may require 'docker login': unauthorized: authentication required",
    );
    assertEquals(kindOf(denied), "NotFound");
    const push = await assertRejects(
      () => pushImage(ref, { auth: bad, config: image.config, layers: pushLayers(image) }),
      "unauthorized: authentication required",
    );
    assertEquals(kindOf(push), "Unauthorized");
  });
});
