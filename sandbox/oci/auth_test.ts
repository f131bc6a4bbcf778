import { assert, assertEquals, assertRejects } from "../../tests/_helpers/assert.ts";
import {
  basicAuthorization,
  decodeRegistryAuth,
  encodeRegistryAuth,
  parseChallenges,
} from "./auth.ts";

function base64url(text: string, pad = false): string {
  const b64 = btoa(text).replaceAll("+", "-").replaceAll("/", "_");
  return pad ? b64 : b64.replace(/=+$/, "");
}

Deno.test("auth: decodes X-Registry-Auth as the docker CLI sends it", () => {
  const json = JSON.stringify({ username: "alice", password: "s3cr?t>", serveraddress: "r:5000" });
  for (const header of [base64url(json), base64url(json, true), btoa(json)]) {
    assertEquals(decodeRegistryAuth(header), {
      username: "alice",
      password: "s3cr?t>",
      serverAddress: "r:5000",
      identityToken: undefined,
      registryToken: undefined,
    });
  }
});

Deno.test("auth: decodes identity tokens and the legacy auth field", () => {
  const token = decodeRegistryAuth(base64url(JSON.stringify({ identitytoken: "refresh-1" })));
  assertEquals(token?.identityToken, "refresh-1");
  assertEquals(token?.username, undefined);
  const legacy = decodeRegistryAuth(base64url(JSON.stringify({ auth: btoa("bob:pa:ss") })));
  assertEquals([legacy?.username, legacy?.password], ["bob", "pa:ss"]);
});

Deno.test("auth: an absent or empty header is anonymous", () => {
  assertEquals(decodeRegistryAuth(null), undefined);
  assertEquals(decodeRegistryAuth(""), undefined);
  assertEquals(decodeRegistryAuth(base64url("{}")), undefined);
  assertEquals(decodeRegistryAuth(base64url('{"username":"","password":""}')), undefined);
});

Deno.test("auth: a malformed header is InvalidParameter", async () => {
  for (const header of ["!!!", base64url("not json"), base64url("[1]")]) {
    const err = await assertRejects(
      () => decodeRegistryAuth(header),
      "invalid X-Registry-Auth header",
    );
    assertEquals((err as { kind?: string }).kind, "InvalidParameter");
  }
});

Deno.test("auth: encode and decode round-trip non-ASCII passwords", () => {
  const auth = { username: "zoë", password: "пароль+/=", serverAddress: "127.0.0.1:5000" };
  const decoded = decodeRegistryAuth(encodeRegistryAuth(auth));
  assertEquals([decoded?.username, decoded?.password], [auth.username, auth.password]);
  assert(!encodeRegistryAuth(auth).includes("+"), "base64url, not base64");
});

Deno.test("auth: parses bearer and basic challenges", () => {
  assertEquals(
    parseChallenges(
      'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",' +
        'scope="repository:library/alpine:pull"',
    ),
    [{
      scheme: "bearer",
      params: {
        realm: "https://auth.docker.io/token",
        service: "registry.docker.io",
        scope: "repository:library/alpine:pull",
      },
    }],
  );
  assertEquals(parseChallenges('Basic realm="basic-realm"'), [
    { scheme: "basic", params: { realm: "basic-realm" } },
  ]);
  assertEquals(
    parseChallenges('Basic realm="a, \\"b\\"", Bearer realm=http://t/token, error=invalid_token'),
    [
      { scheme: "basic", params: { realm: 'a, "b"' } },
      { scheme: "bearer", params: { realm: "http://t/token", error: "invalid_token" } },
    ],
  );
  assertEquals(parseChallenges(""), []);
});

Deno.test("auth: basic authorization header", () => {
  assertEquals(basicAuthorization("alice", "secret"), `Basic ${btoa("alice:secret")}`);
});
