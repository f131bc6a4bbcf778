/** `local` driver options: dockerd's checks, bind devices, and the types refused. */
import { assertEquals, assertRejects } from "../../../tests/_helpers/assert.ts";
import { bindDevice, checkLocalOptions } from "./local_options.ts";

Deno.test("bind devices and the options dockerd accepts", () => {
  checkLocalOptions({});
  checkLocalOptions({ type: "tmpfs", device: "tmpfs", o: "size=100m" });
  const bind = { type: "none", o: "bind", device: "/srv/data" };
  checkLocalOptions(bind);
  assertEquals(bindDevice(bind), "/srv/data");
  assertEquals(bindDevice({ type: "tmpfs", device: "tmpfs" }), undefined);
});

Deno.test("invalid, incomplete and remote options are refused", async () => {
  await assertRejects(() => checkLocalOptions({ colour: "red" }), 'invalid option: "colour"');
  await assertRejects(
    () => checkLocalOptions({ type: "tmpfs" }),
    'missing required option: "device"',
  );
  const nfs = await assertRejects(
    () => checkLocalOptions({ type: "nfs", o: "addr=1.2.3.4", device: ":/x" }),
    "volume type nfs with o=addr=1.2.3.4 is not supported by the memory backend",
  );
  assertEquals((nfs as { kind?: string }).kind, "NotImplemented");
});
