import { assert, assertEquals, assertRejects } from "../../tests/_helpers/assert.ts";
import {
  type Control,
  decodeControl,
  decodeData,
  encodeControl,
  encodeData,
  MAX_FRAME_PAYLOAD,
  STREAM_WINDOW,
} from "./protocol.ts";
import { StreamTable } from "./streams.ts";
import { decodeValue, encodeValue } from "./values.ts";
import { fromWire, toWire } from "./wire_error.ts";
import { DockerError } from "../errors.ts";

/** Two stream tables wired back to back, as the two ends of one connection. */
function loopback(): { client: StreamTable; agent: StreamTable; dataFrames: () => number } {
  let frames = 0;
  const link = (other: () => StreamTable) => ({
    sendControl: (m: Control) => queueMicrotask(() => other().onControl(m)),
    sendData: (sid: number, bytes: Uint8Array) => {
      frames++;
      const copy = bytes.slice();
      queueMicrotask(() => other().onData(sid, copy));
    },
  });
  const client: StreamTable = new StreamTable(link(() => agent), 1);
  const agent: StreamTable = new StreamTable(link(() => client), 2);
  return { client, agent, dataFrames: () => frames };
}

Deno.test("control messages and data frames round trip; foreign frames are refused", () => {
  const call: Control = { t: "call", id: 7, target: 3, op: "stat", args: ["/etc"] };
  assertEquals(decodeControl(encodeControl(call)), call);
  const bytes = new Uint8Array([9, 8, 7]);
  const frame = decodeData(encodeData(0xfffffffe, bytes));
  assertEquals(frame.sid, 0xfffffffe);
  assertEquals([...frame.bytes], [9, 8, 7]);
  let refused = 0;
  for (
    const bad of [
      () => decodeControl('{"t":"nope"}'),
      () => decodeData(new Uint8Array([2, 0, 0, 0, 1])),
    ]
  ) {
    try {
      bad();
    } catch {
      refused++;
    }
  }
  assertEquals(refused, 2);
});

Deno.test("errors keep their kind across the wire; others arrive as System", () => {
  const back = fromWire(toWire(new DockerError("NotFound", "no such path")));
  assertEquals([back.kind, back.message], ["NotFound", "no such path"]);
  assertEquals(fromWire(toWire(new TypeError("boom"))).kind, "System");
  assertEquals(fromWire({ kind: "Bogus" as "System", message: "x" }).kind, "System");
});

Deno.test("values round trip: dates, byte arrays and streams ride beside the JSON", async () => {
  const { client, agent } = loopback();
  const big = new Uint8Array(STREAM_WINDOW * 3).map((_, i) => i % 251);
  const value = {
    when: new Date(1234567890),
    file: big,
    list: [new Uint8Array([1]), "s", null, 4],
    body: new Blob(["streamed"]).stream(),
  };
  const { json, starts } = encodeValue(value, client);
  const wire = JSON.parse(JSON.stringify(json));
  starts.forEach((start) => start());
  const back = await decodeValue(wire, agent) as typeof value;
  assertEquals(back.when.getTime(), 1234567890);
  assertEquals(back.file.byteLength, big.byteLength);
  assert(back.file.every((b, i) => b === big[i]), "the bytes arrive unchanged");
  assertEquals([...(back.list[0] as Uint8Array)], [1]);
  assertEquals(back.list.slice(1), ["s", null, 4]);
  assertEquals(await new Response(back.body).text(), "streamed");
});

Deno.test("a slow reader holds the producer to one window of bytes in flight", async () => {
  const { client, agent } = loopback();
  let produced = 0;
  const source = new ReadableStream<Uint8Array>({
    pull(controller) {
      produced += MAX_FRAME_PAYLOAD;
      controller.enqueue(new Uint8Array(MAX_FRAME_PAYLOAD));
    },
  }, { highWaterMark: 0 });
  const { sid, start } = agent.send(source);
  const reader = client.receive(sid).getReader();
  start();
  let consumed = 0;
  let widest = 0;
  for (let i = 0; i < 64; i++) {
    // A slow reader: the producer gets several turns of the event loop between reads.
    for (let turn = 0; turn < 5; turn++) await new Promise((r) => setTimeout(r, 0));
    widest = Math.max(widest, produced - consumed);
    consumed += (await reader.read()).value!.byteLength;
  }
  assert(consumed >= 32 * MAX_FRAME_PAYLOAD, `${consumed} bytes read`);
  // The window, plus the one chunk the pump holds while it waits for credit.
  assert(widest <= STREAM_WINDOW + MAX_FRAME_PAYLOAD, `${widest} bytes were in flight`);
  await reader.cancel();
});

Deno.test("a cancelled reader stops its producer; a lost connection fails the streams", async () => {
  const { client, agent } = loopback();
  const cancelled = Promise.withResolvers<unknown>();
  const endless = new ReadableStream<Uint8Array>({
    pull: (c) => c.enqueue(new Uint8Array(10)),
    cancel: (reason) => cancelled.resolve(reason),
  });
  const first = agent.send(endless);
  const readable = client.receive(first.sid);
  first.start();
  await readable.cancel();
  assert(await cancelled.promise instanceof Error, "the producer's source was cancelled");
  const second = agent.send(new ReadableStream({ pull() {} }));
  const pending = client.receive(second.sid);
  second.start();
  client.lose(new DockerError("Unavailable", "gone"));
  await assertRejects(() => new Response(pending).text(), "gone");
});
