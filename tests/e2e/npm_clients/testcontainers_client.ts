/**
 * @module
 * What the Testcontainers suite (`tests/e2e/testcontainers_test.ts`) connects and starts with.
 *
 * Ryuk (the reaper) cannot run on the memory backend, so the suite takes Testcontainers'
 * documented `TESTCONTAINERS_RYUK_DISABLED=true` path. Ryuk is a container that mounts the
 * daemon's socket and serves a TCP port published to the host, to which Testcontainers
 * connects; memory-backend containers have no network sockets and no port publishing (and
 * bind-mount host directories only). What happens when Ryuk is attempted is asserted: its
 * image is not in the offline catalogue (a 404 on pull), and with the image present the create
 * is refused at once with the daemon's 501 naming port publishing — a clear error, not a hang.
 * The same 501 answers any container with `withExposedPorts`, which is also why the suite's
 * containers expose no ports: the default wait strategy (listening ports) has nothing to wait
 * for then, and the suite's explicit strategies are used.
 *
 * Testcontainers reads `DOCKER_HOST` and `TESTCONTAINERS_HOST_OVERRIDE` once, when it first
 * builds its client, and `TESTCONTAINERS_RYUK_DISABLED` when it first makes a reaper: the suite
 * sets them only around those moments so that no other test module in the process sees them.
 * The host override (`localhost`) keeps the host resolution independent of whether the tests
 * run inside a container (Testcontainers then asks the bridge network for its gateway).
 */

import {
  GenericContainer,
  getContainerRuntimeClient,
  type StartedTestContainer,
} from "testcontainers";

/** The image of the suite's containers. */
export const IMAGE = "alpine:3.20";
/** The reaper's image. */
export const RYUK_IMAGE = "testcontainers/ryuk:0.14.0";
/** The daemon's 501 for a container that publishes ports. */
export const PORTS_REFUSED = "port publishing is not supported by the memory backend: " +
  "its containers have no network sockets";

/** Runs `fn` with `vars` set (undefined: unset), then puts the environment back. */
export async function withEnv<T>(vars: Record<string, string | undefined>, fn: () => Promise<T>) {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, Deno.env.get(k)]));
  const apply = (values: Record<string, string | undefined>) => {
    for (const [k, v] of Object.entries(values)) {
      v === undefined ? Deno.env.delete(k) : Deno.env.set(k, v);
    }
  };
  apply(vars);
  try {
    return await fn();
  } finally {
    apply(saved);
  }
}

/** Testcontainers' runtime client for the daemon at `socket`. */
export function runtimeClient(socket: string) {
  return withEnv(
    { DOCKER_HOST: `unix://${socket}`, TESTCONTAINERS_HOST_OVERRIDE: "localhost" },
    () => getContainerRuntimeClient(),
  );
}

/** Starts `container` with the reaper disabled (only the first start makes the reaper). */
export function start(container: GenericContainer): Promise<StartedTestContainer> {
  return withEnv({ TESTCONTAINERS_RYUK_DISABLED: "true" }, () => container.start());
}

/** A sleeping alpine container. */
export function sleeper(): GenericContainer {
  return new GenericContainer(IMAGE).withCommand(["sleep", "600"]);
}
