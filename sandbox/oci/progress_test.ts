import { assertEquals } from "../../tests/_helpers/assert.ts";
import {
  humanSize,
  progressBar,
  type ProgressEvent,
  progressStream,
  shortId,
  toJsonMessage,
} from "./progress.ts";

Deno.test("progress: events shape as Docker's JSON messages", () => {
  const id = "a1b2c3d4e5f6";
  assertEquals(toJsonMessage({ kind: "status", status: "Pulling from library/alpine", id: "3" }), {
    status: "Pulling from library/alpine",
    id: "3",
  });
  assertEquals(toJsonMessage({ kind: "layer", status: "Pulling fs layer", id }), {
    status: "Pulling fs layer",
    progressDetail: {},
    id,
  });
  assertEquals(
    toJsonMessage({ kind: "progress", status: "Downloading", id, current: 500, total: 1000 }),
    {
      status: "Downloading",
      progressDetail: { current: 500, total: 1000 },
      progress: `[${"=".repeat(25)}>${" ".repeat(25)}]     500B/1kB`,
      id,
    },
  );
  assertEquals(toJsonMessage({ kind: "status", status: "Digest: sha256:ab" }), {
    status: "Digest: sha256:ab",
  });
  assertEquals(toJsonMessage({ kind: "aux", tag: "v1", digest: "sha256:ab", size: 527 }), {
    progressDetail: {},
    aux: { Tag: "v1", Digest: "sha256:ab", Size: 527 },
  });
});

Deno.test("progress: sizes and bars as Docker prints them", () => {
  assertEquals(humanSize(0), "0B");
  assertEquals(humanSize(999), "999B");
  assertEquals(humanSize(1234), "1.234kB");
  assertEquals(humanSize(3_400_000), "3.4MB");
  assertEquals(humanSize(52_428_800), "52.43MB");
  assertEquals(progressBar(10, 10), `[${"=".repeat(50)}>]      10B/10B`);
  assertEquals(progressBar(0, 10), `[>${" ".repeat(50)}]       0B/10B`);
  assertEquals(shortId(`sha256:${"0123456789ab".repeat(5)}cdef`), "0123456789ab");
});

Deno.test("progress: progressStream reports bytes and a final total", async () => {
  const events: ProgressEvent[] = [];
  const chunks = [new Uint8Array(3), new Uint8Array(4)];
  const stream = ReadableStream.from(chunks)
    .pipeThrough(progressStream((e) => events.push(e), "Pushing", "id", 7, 0));
  let bytes = 0;
  for await (const chunk of stream) bytes += chunk.byteLength;
  assertEquals(bytes, 7);
  assertEquals(events.map((e) => e.kind === "progress" ? e.current : -1), [3, 7, 7]);
  assertEquals(events.at(-1), {
    kind: "progress",
    status: "Pushing",
    id: "id",
    current: 7,
    total: 7,
  });
});
