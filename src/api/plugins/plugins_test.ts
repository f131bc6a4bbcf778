/**
 * Plugin handlers in process: the memory backend lists no plugins and answers dockerd's 404 for
 * any name, so `docker inspect <unknown>` ends in `No such object`; the rest of the tag is 501.
 */
import { assertEquals } from "../../../tests/_helpers/assert.ts";
import { call, testApp } from "../../../tests/_helpers/app.ts";
import { checkedJson as checked } from "../../../tests/_helpers/checked.ts";

const { app } = testApp();

Deno.test("PluginList answers no plugins; filters are checked", async () => {
  assertEquals(await checked("PluginList", await call(app, "GET", "/plugins"), 200), []);
  const bad = await call(app, "GET", `/plugins?filters=${encodeURIComponent('{"x":["y"]}')}`);
  assertEquals([bad.status, (await bad.json()).message], [400, "invalid filter 'x'"]);
});

Deno.test("PluginInspect of any name is dockerd's 404; PluginEnable stays 501", async () => {
  const r = await call(app, "GET", "/plugins/nope/json");
  assertEquals([r.status, await r.json()], [404, { message: 'plugin "nope" not found' }]);
  const enable = await call(app, "POST", "/plugins/nope/enable");
  assertEquals(enable.status, 501);
  await enable.body?.cancel();
});
