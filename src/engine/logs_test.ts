import { assertEquals } from "../../tests/_helpers/assert.ts";
import { LogBuffer, type LogEntry, type LogSink } from "./logs.ts";

const text = (entries: LogEntry[]) => entries.map((e) => new TextDecoder().decode(e.data));
const bytes = (s: string) => new TextEncoder().encode(s);

async function readAll(log: LogBuffer): Promise<string[]> {
  const out: LogEntry[] = [];
  for await (const e of log.read()) out.push(e);
  return text(out);
}

/** A sink whose writes become durable only when the test says so. */
function gatedSink(): LogSink & { release(): void; written: string[] } {
  let open: () => void = () => {};
  let gate = new Promise<void>((r) => open = r);
  const written: string[] = [];
  return {
    written,
    write(entry) {
      written.push(new TextDecoder().decode(entry.data));
      return gate;
    },
    release() {
      open();
      gate = new Promise<void>((r) => open = r);
    },
  };
}

Deno.test("with a sink, readers see a line only once it is durable", async () => {
  const sink = gatedSink();
  const log = new LogBuffer(sink);
  log.open();
  const durable = log.append(1, bytes("one\ntw"));
  assertEquals(sink.written, ["one\n"], "the partial line waits for its newline");
  assertEquals(await readAll(log), []);
  sink.release();
  await durable;
  assertEquals(await readAll(log), ["one\n"]);
  assertEquals(log.append(1, bytes("o")), undefined, "no new line, nothing to wait for");
  const closed = log.close();
  assertEquals(sink.written, ["one\n", "two"]);
  sink.release();
  await closed;
  assertEquals(await readAll(log), ["one\n", "two"]);
});

Deno.test("recovered entries load on first read and come before a new run's", async () => {
  const log = new LogBuffer();
  let loads = 0;
  log.loadLater(() => {
    loads++;
    return Promise.resolve([{ stream: 1, time: 1n, data: bytes("old\n") }]);
  });
  await log.ready();
  log.open();
  log.append(1, bytes("new\n"));
  log.close();
  assertEquals(await readAll(log), ["old\n", "new\n"]);
  assertEquals(loads, 1);
});
