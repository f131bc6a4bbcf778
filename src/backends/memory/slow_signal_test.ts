/**
 * A remote runtime can report a process's exit before it answers the signal call that caused it
 * (the agent's exit message overtakes the call's result): stop and remove must still return.
 */

import { assertEquals } from "../../../tests/_helpers/assert.ts";
import type { Runtime, RuntimeContainer, RuntimeProcess } from "../../../sandbox/runtime.ts";
import { SandboxRuntime } from "../../../sandbox/mod.ts";
import { createMemoryBackend } from "./mod.ts";

/** The sandbox, with every signal answered only after the process it ends has exited. */
function lateSignalRuntime(): Runtime {
  const inner = new SandboxRuntime();
  return {
    name: "late-signal",
    capabilities: inner.capabilities,
    async createContainer(spec) {
      const c = await inner.createContainer(spec);
      const late: RuntimeContainer = Object.create(c);
      late.spawn = async (process, signal) => {
        const p = await c.spawn(process, signal);
        const wrapped: RuntimeProcess = Object.create(p);
        Object.defineProperty(wrapped, "signal", {
          value: async (name: string) => {
            await p.signal(name);
            await p.exited;
            // Past the engine's own exit handling of this turn.
            await new Promise((r) => setTimeout(r, 0));
          },
        });
        return wrapped;
      };
      return late;
    },
    retainLayers: (chains) => inner.retainLayers(chains),
  };
}

async function started(backend: ReturnType<typeof createMemoryBackend>, rm: boolean) {
  await backend.images.pull("alpine", "3.20", { onProgress: () => {} });
  const { Id } = await backend.containers.create(undefined, {
    Image: "alpine:3.20",
    Cmd: ["sleep", "600"],
    HostConfig: { AutoRemove: rm },
  });
  await backend.containers.start(Id);
  return Id;
}

Deno.test("stop returns when the exit comes before the signal's answer (a --rm container too)", async () => {
  const backend = createMemoryBackend({ runtime: lateSignalRuntime() });
  const kept = await started(backend, false);
  await backend.containers.stop(kept, { timeout: 0 });
  assertEquals((await backend.containers.inspect(kept, false)).State?.ExitCode, 143);
  const removed = await started(backend, true);
  await backend.containers.stop(removed, { timeout: 0 });
});

Deno.test("remove -f returns when the exit comes before the KILL's answer", async () => {
  const backend = createMemoryBackend({ runtime: lateSignalRuntime() });
  const id = await started(backend, false);
  await backend.containers.remove(id, { force: true, volumes: false, link: false });
  assertEquals(
    (await backend.containers.list({ all: true, size: false, filters: new Map() })).length,
    0,
  );
});
