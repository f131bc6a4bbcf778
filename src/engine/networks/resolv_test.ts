/** `/etc/resolv.conf` from the DNS settings of a host config. */
import { assertEquals } from "../../../tests/_helpers/assert.ts";
import { resolvConf } from "./resolv.ts";

Deno.test("resolv.conf lists search domains, name servers and options in dockerd's order", () => {
  assertEquals(resolvConf({}), undefined);
  assertEquals(
    resolvConf({
      Dns: ["1.1.1.1", "8.8.8.8"],
      DnsSearch: ["example.com"],
      DnsOptions: ["ndots:2"],
    }),
    "search example.com\nnameserver 1.1.1.1\nnameserver 8.8.8.8\noptions ndots:2\n",
  );
  assertEquals(resolvConf({ DnsSearch: ["corp"] }), "search corp\nnameserver 127.0.0.11\n");
});
