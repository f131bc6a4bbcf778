/**
 * Shared helpers for the sandbox tests.
 *
 * @module
 */

import {
  commandNames,
  createContainer,
  createImageLayer,
  type Mount,
  type SandboxContainer,
} from "./mod.ts";
import type { Clock } from "./sched/clock.ts";

/** One shared base image for all tests. */
export const IMAGE = createImageLayer({ name: "alpine:test", commands: commandNames() });

/** Creates a test container; `clock` drives its sleeps and timeouts (the real one unless told). */
export function container(mounts: Mount[] = [], clock?: Clock): Promise<SandboxContainer> {
  return createContainer({
    image: IMAGE,
    hostname: "box",
    mounts,
    hosts: [{ ip: "10.0.0.9", names: ["db"] }],
    clock,
  });
}

/** Runs a command to completion and collects its output. */
export async function run(
  c: SandboxContainer,
  argv: string[],
): Promise<{ out: string; err: string; code: number }> {
  const p = c.spawn({ argv });
  const [out, err, code] = await Promise.all([
    new Response(p.stdout).text(),
    new Response(p.stderr).text(),
    p.exited,
  ]);
  return { out, err, code };
}

/** Runs `sh -c script`. */
export function sh(
  c: SandboxContainer,
  script: string,
): Promise<{ out: string; err: string; code: number }> {
  return run(c, ["sh", "-c", script]);
}

/** Collects a stream's text as it arrives. */
export function collect(stream: ReadableStream<Uint8Array>): {
  text: () => string;
  done: Promise<void>;
} {
  const chunks: string[] = [];
  const decoder = new TextDecoder();
  const done = (async () => {
    for await (const c of stream) chunks.push(decoder.decode(c));
  })();
  return { text: () => chunks.join(""), done };
}
