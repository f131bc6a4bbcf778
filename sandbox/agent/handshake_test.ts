import { assertEquals } from "../../tests/_helpers/assert.ts";
import { connectAgent } from "./client.ts";
import { PROTOCOL_VERSION } from "./protocol.ts";
import { assertKind } from "./_test_agent.ts";

/** A fake agent that greets with `hello` and answers any message with `answer` (a raw frame). */
function fakeAgent(hello: object, answer?: string) {
  return Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, (request) => {
    const { socket, response } = Deno.upgradeWebSocket(request);
    socket.onopen = () => socket.send(JSON.stringify(hello));
    socket.onmessage = () => answer && socket.send(answer);
    return response;
  });
}

const capabilities = { pause: false, publishedPorts: false, resize: false };

Deno.test("an agent speaking another protocol version is refused at the hello", async () => {
  const server = fakeAgent({ t: "hello", protocol: PROTOCOL_VERSION + 1, name: "x", capabilities });
  try {
    await assertKind(
      () => connectAgent(`ws://127.0.0.1:${server.addr.port}`),
      "Unavailable",
      `speaks protocol ${PROTOCOL_VERSION + 1}`,
    );
  } finally {
    await server.shutdown();
  }
});

Deno.test("a frame that is not the protocol ends the connection and fails what was pending", async () => {
  const hello = { t: "hello", protocol: PROTOCOL_VERSION, name: "fake", capabilities };
  const server = fakeAgent(hello, '{"t":"bogus"}');
  try {
    const runtime = await connectAgent(`ws://127.0.0.1:${server.addr.port}`);
    assertEquals(runtime.name, "fake");
    // The fake answers the call with a frame that is no message of the protocol.
    const pending = assertKind(
      () => runtime.createContainer({ rootfs: { name: "n", layers: [] } }),
      "Unavailable",
      "protocol error",
    );
    await pending;
    const lost = await runtime.lost;
    assertEquals(lost.kind, "Unavailable");
  } finally {
    await server.shutdown();
  }
});

Deno.test("a bad address is refused by name, and an aborted connect rejects with its reason", async () => {
  await assertKind(
    () => connectAgent("not a url"),
    "InvalidParameter",
    "Not a runtime agent address",
  );
  const server = fakeAgent({}); // never says hello
  try {
    const abort = new AbortController();
    const connecting = connectAgent(`ws://127.0.0.1:${server.addr.port}`, { signal: abort.signal });
    abort.abort(new Error("gave up"));
    assertEquals((await connecting.catch((err) => err)).message, "gave up");
  } finally {
    await server.shutdown();
  }
});
