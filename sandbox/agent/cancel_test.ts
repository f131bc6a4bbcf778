import { assert, assertEquals } from "../../tests/_helpers/assert.ts";
import { DockerError } from "../errors.ts";
import type { ContainerSpec, Runtime, RuntimeContainer } from "../runtime.ts";
import { serveInProcess, within } from "./_test_agent.ts";

/**
 * A runtime that shows what the agent did with a call: its container's `putArchive` waits for
 * its signal, and `createContainer` finishes only when the test says so.
 */
class ProbeRuntime implements Runtime {
  readonly name = "probe";
  readonly capabilities = { pause: false, publishedPorts: false, resize: false };
  readonly aborted = Promise.withResolvers<unknown>();
  readonly destroyed = Promise.withResolvers<void>();
  readonly created = Promise.withResolvers<void>();
  release = Promise.resolve();

  createContainer(_spec: ContainerSpec): Promise<RuntimeContainer> {
    const container = {
      layerGeneration: () => 5,
      putArchive: (_p: string, tar: ReadableStream, _o: unknown, signal?: AbortSignal) =>
        new Promise<void>((_resolve, reject) => {
          tar.cancel().catch(() => {});
          signal?.addEventListener("abort", () => {
            this.aborted.resolve(signal.reason);
            reject(signal.reason);
          });
        }),
      destroy: () => {
        this.destroyed.resolve();
        return Promise.resolve();
      },
    } as unknown as RuntimeContainer;
    this.created.resolve();
    return this.release.then(() => container);
  }

  retainLayers(): void {}
}

const ROOTFS = { name: "none", layers: [] };

Deno.test("aborting a call cancels it on the agent; an already aborted signal sends nothing", async () => {
  const probe = new ProbeRuntime();
  const served = await serveInProcess(probe);
  try {
    assertEquals(served.client.name, "probe");
    const c = await served.client.createContainer({ rootfs: ROOTFS });
    assertEquals(c.layerGeneration(), 5);
    const abort = new AbortController();
    const put = c.putArchive("/", new Blob(["x"]).stream(), {}, abort.signal);
    abort.abort(new DockerError("Conflict", "the caller gave up"));
    const local = await put.catch((err) => err);
    assertEquals(local.message, "the caller gave up", "the call rejects with the signal's reason");
    assert(
      await within(probe.aborted.promise, "the abort") instanceof Error,
      "the agent's call saw its signal abort",
    );
    const again = new AbortController();
    again.abort(new Error("already"));
    const early = await c.putArchive("/", new Blob([]).stream(), {}, again.signal).catch((e) => e);
    assertEquals(early.message, "already");
  } finally {
    await served.close();
  }
});

Deno.test("a container made after its call was aborted is destroyed, not leaked", async () => {
  const probe = new ProbeRuntime();
  const late = Promise.withResolvers<void>();
  probe.release = late.promise;
  const served = await serveInProcess(probe);
  try {
    const abort = new AbortController();
    const create = served.client.createContainer({ rootfs: ROOTFS }, abort.signal);
    await within(probe.created.promise, "the create to start");
    abort.abort(new Error("no longer wanted"));
    assertEquals((await create.catch((err) => err)).message, "no longer wanted");
    late.resolve();
    await within(probe.destroyed.promise, "the late container's destroy");
  } finally {
    await served.close();
  }
});

Deno.test("a stream sent with a call that fails is released, not left holding its window", async () => {
  const served = await serveInProcess(new ProbeRuntime());
  try {
    const c = await served.client.createContainer({ rootfs: ROOTFS });
    await c.destroy(0);
    const released = Promise.withResolvers<void>();
    const tar = new ReadableStream<Uint8Array>({
      pull: (ctl) => ctl.enqueue(new Uint8Array(1024)),
      cancel: () => released.resolve(),
    });
    // The destroyed container's handle is gone: the call fails before anything reads the tar.
    const err = await c.putArchive("/", tar).catch((e) => e);
    assertEquals(err.kind, "NotFound");
    await within(released.promise, "the tar to be released");
  } finally {
    await served.close();
  }
});
