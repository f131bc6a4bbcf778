/**
 * @module
 * Starts a real local registry for tests: Debian's `docker-registry` (distribution v2) on a free
 * loopback port, storing in a temporary folder, optionally behind htpasswd Basic auth. A missing
 * binary fails the test (install with `tests/_helpers/setup_registry.sh`); nothing is skipped.
 */

import { waitFor } from "./wait.ts";

/** A running registry. */
export interface LocalRegistry {
  /** `127.0.0.1:<port>`, the domain to put in image references. */
  domain: string;
  /** `http://127.0.0.1:<port>`. */
  url: string;
  /** Stops the registry and removes its storage. */
  stop(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/** Options of `startRegistry`. */
export interface RegistryOptions {
  /** Users and passwords; when given, the registry requires htpasswd Basic auth. */
  users?: Record<string, string>;
}

const SETUP = "run tests/_helpers/setup_registry.sh";

function binary(name: string, env: string): string {
  const path = Deno.env.get(env) ?? `/usr/bin/${name}`;
  try {
    Deno.statSync(path);
  } catch {
    throw new Error(`${name} not found at ${path}: ${SETUP} (or set ${env})`);
  }
  return path;
}

function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

async function htpasswd(users: Record<string, string>): Promise<string> {
  const bin = binary("htpasswd", "HTPASSWD_BIN");
  const lines: string[] = [];
  for (const [user, password] of Object.entries(users)) {
    const out = await new Deno.Command(bin, { args: ["-Bbn", user, password] }).output();
    if (!out.success) throw new Error(`htpasswd failed: ${new TextDecoder().decode(out.stderr)}`);
    lines.push(new TextDecoder().decode(out.stdout).trim());
  }
  return `${lines.join("\n")}\n`;
}

async function waitReady(url: string, child: Deno.ChildProcess, log: string): Promise<void> {
  let exited = false;
  child.status.then(() => exited = true);
  try {
    await waitFor(async () => {
      if (exited) throw new Error("it exited");
      try {
        const res = await fetch(`${url}/v2/`);
        await res.body?.cancel();
        return res.status === 200 || res.status === 401;
      } catch {
        return false; // not listening yet
      }
    }, { message: "docker-registry to answer /v2/", deadlineMs: 15_000, pollMs: 50 });
  } catch (err) {
    const tail = await Deno.readTextFile(log).catch(() => "");
    throw new Error(`docker-registry did not start at ${url} (${err}):\n${tail.slice(-2000)}`);
  }
}

/** Starts `docker-registry serve` on a free loopback port and waits until it answers. */
export async function startRegistry(options: RegistryOptions = {}): Promise<LocalRegistry> {
  const bin = binary("docker-registry", "DOCKER_REGISTRY_BIN");
  const dir = await Deno.makeTempDir({ prefix: "sockerless-registry-" });
  const port = freePort();
  const auth = options.users
    ? `auth:\n  htpasswd:\n    realm: basic-realm\n    path: ${dir}/htpasswd\n`
    : "";
  if (options.users) await Deno.writeTextFile(`${dir}/htpasswd`, await htpasswd(options.users));
  const config = `version: 0.1\nlog:\n  level: warn\n  accesslog:\n    disabled: true\n` +
    `storage:\n  filesystem:\n    rootdirectory: ${dir}/data\n  delete:\n    enabled: true\n` +
    `http:\n  addr: 127.0.0.1:${port}\n${auth}`;
  await Deno.writeTextFile(`${dir}/config.yml`, config);
  const log = await Deno.open(`${dir}/registry.log`, { write: true, create: true });
  const child = new Deno.Command(bin, {
    args: ["serve", `${dir}/config.yml`],
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const drained = child.stderr.pipeTo(log.writable).catch(() => {});
  const url = `http://127.0.0.1:${port}`;
  let stopped = false;
  async function stop() {
    if (stopped) return;
    stopped = true;
    try {
      child.kill("SIGTERM");
    } catch {
      // already exited
    }
    await child.status;
    await drained;
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
  try {
    await waitReady(url, child, `${dir}/registry.log`);
  } catch (err) {
    await stop();
    throw err;
  }
  return { domain: `127.0.0.1:${port}`, url, stop, [Symbol.asyncDispose]: stop };
}

/** The config of a linux/amd64 test image over layers `diffIds`: what fixtures push. */
export function imageConfigOf(
  diffIds: string[],
  config?: Record<string, unknown>,
): Record<string, unknown> {
  return {
    os: "linux",
    architecture: "amd64",
    rootfs: { type: "layers", diff_ids: diffIds },
    ...(config ? { config } : {}),
  };
}
