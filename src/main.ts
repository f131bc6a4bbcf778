/**
 * @module
 * The daemon's entry point (`deno task serve`): parses flags, picks the backend — the only place
 * that names concrete backends — and starts the listeners.
 */

import { handlers } from "./api/mod.ts";
import type { Backend } from "./engine/mod.ts";
import { openMemoryBackend } from "./backends/memory/mod.ts";
import { type DataRoot, openDataRoot } from "./engine/state/mod.ts";
import { parseDaemonArgs } from "./cli.ts";
import {
  App,
  type AppOptions,
  checkListenerSafety,
  ConformanceRecorder,
  listen,
  parseHost,
} from "./server/mod.ts";

/** Each backend opens (and recovers) its state from the data root. */
const BACKENDS: Record<string, (root: DataRoot) => Promise<Backend>> = {
  memory: (root) => openMemoryBackend(root),
};

/**
 * A client can make a stream fail in ways no handler awaits (a socket torn down mid-write):
 * such a failure is logged, and the daemon keeps serving everyone else.
 */
function surviveStrayRejections(): void {
  globalThis.addEventListener("unhandledrejection", (event) => {
    event.preventDefault();
    console.error("sockerless: unhandled rejection:", event.reason);
  });
}

/** The test-only conformance recorder, when `SOCKERLESS_CONFORMANCE_LOG` names its file. */
function conformanceObserver(): AppOptions["observe"] {
  const file = Deno.env.get("SOCKERLESS_CONFORMANCE_LOG");
  if (!file) return undefined;
  const recorder = new ConformanceRecorder(file, Deno.env.get("SOCKERLESS_CONFORMANCE_CLIENT"));
  return (op, request, response) => recorder.observe(op, request, response);
}

/** What to paste into a shell: the first unix socket, else the first TCP listener. */
function dockerHostLine(addresses: string[], tls: unknown): string {
  const unix = addresses.find((a) => a.startsWith("unix://"));
  const line = `export DOCKER_HOST=${unix ?? addresses[0]}`;
  return unix || !tls ? line : `${line} DOCKER_TLS_VERIFY=1`;
}

async function main(args: string[]): Promise<number> {
  surviveStrayRejections();
  const config = parseDaemonArgs(args);
  if (!config) return 0;
  const makeBackend = BACKENDS[config.backend];
  if (!makeBackend) {
    console.error(`unknown backend ${config.backend}; available: ${Object.keys(BACKENDS)}`);
    return 2;
  }
  const specs = config.hosts.map(parseHost);
  for (const spec of specs) checkListenerSafety(spec, config.tls);
  // Crash-only: there is no clean-shutdown path; every start takes the lock and recovers.
  const root = await openDataRoot(config.dataRoot);
  const app = new App({
    backend: await makeBackend(root),
    handlers,
    observe: conformanceObserver(),
  });
  const addresses: string[] = [];
  for (const spec of specs) {
    const listener = await listen(app, spec, config.tls);
    console.error(`sockerless: API listening on ${listener.address}`);
    addresses.push(listener.address);
  }
  console.error(dockerHostLine(addresses, config.tls));
  return -1;
}

if (import.meta.main) {
  try {
    const code = await main(Deno.args);
    if (code >= 0) Deno.exit(code);
  } catch (err) {
    console.error(`sockerless: ${err instanceof Error ? err.message : err}`);
    Deno.exit(1);
  }
}
