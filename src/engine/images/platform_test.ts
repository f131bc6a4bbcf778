/** Platform checks of the memory backend, and the answers a client gets through the API. */
import { assertEquals, assertRejects } from "../../../tests/_helpers/assert.ts";
import { call, testApp } from "../../../tests/_helpers/app.ts";
import { checkCataloguePlatform } from "./platform.ts";

Deno.test("the catalogue serves linux/amd64 only", async () => {
  checkCataloguePlatform(undefined);
  checkCataloguePlatform("linux/amd64");
  await assertRejects(
    () => checkCataloguePlatform("linux/arm64"),
    "no matching manifest for linux/arm64 in the manifest list entries",
  );
});

Deno.test("pull and create with another platform answer dockerd's 404s", async () => {
  const { app } = testApp();
  const pull = await call(
    app,
    "POST",
    "/images/create?fromImage=alpine&tag=latest&platform=linux/arm64",
  );
  assertEquals([pull.status, (await pull.json()).message], [
    404,
    "no matching manifest for linux/arm64 in the manifest list entries",
  ]);
  await (await call(app, "POST", "/images/create?fromImage=alpine&tag=latest")).text();
  const body = JSON.stringify({ Image: "alpine", Cmd: ["true"] });
  const wrong = await call(app, "POST", "/containers/create?platform=linux/arm64", body);
  assertEquals([wrong.status, (await wrong.json()).message], [
    404,
    "image with reference alpine was found but its platform (linux/amd64) does not match the " +
    "specified platform (linux/arm64)",
  ]);
  const right = await call(app, "POST", "/containers/create?platform=linux/amd64", body);
  assertEquals(right.status, 201);
  await right.body?.cancel();
});
