import type { EventBus } from "../../engine/events.ts";
import { assertEquals } from "../../../tests/_helpers/assert.ts";
import { call, testApp } from "../../../tests/_helpers/app.ts";
import { waitFor } from "../../../tests/_helpers/wait.ts";
import { assertConforms } from "../../../tests/conformance/conform.ts";

function lines(text: string): Record<string, unknown>[] {
  return text.trim().split("\n").filter(Boolean).map((l) => JSON.parse(l));
}

/** Publishes `Type:Action:id[:name]` events. */
function publish(bus: EventBus, ...specs: string[]): void {
  for (const spec of specs) {
    const [Type, Action, id, name] = spec.split("|");
    bus.publish({ Type, Action, id, attributes: name ? { name } : {} });
  }
}

/**
 * Waits until the clock has left the current millisecond, so an `until` taken next (millisecond
 * precision) lies after every event published so far (stamped in nanoseconds).
 */
function pastThisMillisecond(): Promise<true> {
  const published = Date.now();
  return waitFor(() => Date.now() > published, {
    message: "the clock to pass the published events",
    pollMs: 1,
  });
}

/** Now as `seconds.fraction`, in exact integer arithmetic (floats round up past events). */
function nowSeconds(): string {
  const ms = Date.now();
  return `${Math.floor(ms / 1000)}.${String(ms % 1000).padStart(3, "0")}`;
}

Deno.test("since/until in the past replays the matching history and ends", async () => {
  const { app, backend } = testApp();
  const since = nowSeconds();
  publish(backend.events, "container|create|c1|a", "container|start|c1|a", "volume|create|v1");
  await pastThisMillisecond();
  const until = nowSeconds();
  const res = await call(app, "GET", `/v1.50/events?since=${since}&until=${until}`);
  assertEquals(res.headers.get("content-type"), "application/json");
  const events = lines(await res.text());
  for (const e of events) assertConforms("SystemEvents", 200, e);
  assertEquals(events.map((e) => e.Action), ["create", "start", "create"]);
  assertEquals(events[0].Actor, { ID: "c1", Attributes: { name: "a" } });
  assertEquals(typeof events[0].timeNano, "number");
});

Deno.test("filters select by type, event, container name and label", async () => {
  const { app, backend } = testApp();
  const since = nowSeconds();
  backend.events.publish({
    Type: "container",
    Action: "create",
    id: "abc123",
    attributes: { name: "web", tier: "front" },
  });
  publish(
    backend.events,
    "container|die|def456|db",
    "container|exec_start: sh -c true|abc123|web",
    "network|create|n1|n",
  );
  await pastThisMillisecond();
  const until = nowSeconds();
  const query = async (filters: unknown) => {
    const f = encodeURIComponent(JSON.stringify(filters));
    const res = await call(app, "GET", `/events?since=${since}&until=${until}&filters=${f}`);
    return lines(await res.text()).map((e) => `${e.Type}:${e.Action}`);
  };
  assertEquals(await query({ type: ["network"] }), ["network:create"]);
  assertEquals(await query({ event: ["die"] }), ["container:die"]);
  assertEquals(await query({ event: ["exec_start"] }), ["container:exec_start: sh -c true"]);
  assertEquals(await query({ container: ["web"] }), [
    "container:create",
    "container:exec_start: sh -c true",
  ]);
  assertEquals(await query({ container: ["def"] }), ["container:die"]);
  assertEquals(await query({ label: ["tier=front"] }), ["container:create"]);
  assertEquals(await query({ type: { network: true } }), ["network:create"]);
});

Deno.test("a live stream delivers events as they are published", async () => {
  const { app, backend } = testApp();
  const aborter = new AbortController();
  const res = await app.fetch(
    new Request("http://docker/events?filters=%7B%22type%22%3A%5B%22container%22%5D%7D"),
    aborter.signal,
  );
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  backend.events.publish({ Type: "image", Action: "pull", id: "alpine" });
  backend.events.publish({ Type: "container", Action: "start", id: "c9" });
  const { value } = await reader.read();
  const event = JSON.parse(value!.trim());
  assertEquals([event.Type, event.Action, event.Actor.ID], ["container", "start", "c9"]);
  assertEquals(backend.events.listenerCount, 1);
  aborter.abort();
  await reader.cancel();
  assertEquals(backend.events.listenerCount, 0);
});

Deno.test("a future until ends the stream at that time", async () => {
  const { app, backend } = testApp();
  const until = ((Date.now() + 150) / 1000).toFixed(3);
  const res = await call(app, "GET", `/events?until=${until}`);
  backend.events.publish({ Type: "container", Action: "create", id: "c1" });
  const events = lines(await res.text());
  assertEquals(events.map((e) => e.Action), ["create"]);
  assertEquals(backend.events.listenerCount, 0);
});

Deno.test("bad filters and timestamps answer 400", async () => {
  const { app } = testApp();
  for (
    const q of ["filters=%7Bnope", "filters=%7B%22color%22%3A%5B%22red%22%5D%7D", "since=yesterday"]
  ) {
    const res = await call(app, "GET", `/events?${q}`);
    assertEquals(res.status, 400, q);
    await res.body?.cancel();
  }
});

Deno.test("before API 1.52 container and image events carry the legacy status, id and from", async () => {
  const { app, backend } = testApp();
  const since = nowSeconds();
  backend.events.publish({
    Type: "container",
    Action: "die",
    id: "c1",
    attributes: { image: "alpine" },
  });
  backend.events.publish({ Type: "image", Action: "tag", id: "sha256:ab" });
  backend.events.publish({ Type: "volume", Action: "create", id: "v1" });
  await pastThisMillisecond();
  const query = `since=${since}&until=${nowSeconds()}`;
  const old = lines(await (await call(app, "GET", `/v1.51/events?${query}`)).text());
  assertEquals(old.map((e) => [e.status, e.id, e.from]), [
    ["die", "c1", "alpine"],
    ["tag", "sha256:ab", undefined],
    [undefined, undefined, undefined],
  ]);
  const current = lines(await (await call(app, "GET", `/v1.52/events?${query}`)).text());
  assertEquals(current.map((e) => "status" in e || "id" in e || "from" in e), [
    false,
    false,
    false,
  ]);
});
