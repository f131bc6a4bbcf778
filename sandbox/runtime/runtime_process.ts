/**
 * @module
 * A sandbox process seen through the runtime port: signals resolve once delivered, and a TTY
 * process's stderr is a stream that ends at once (the sandbox merges it into stdout).
 */

import type { SandboxProcess } from "../process.ts";
import type { RuntimeProcess } from "../runtime.ts";

/** The port's view of `proc`. */
export function runtimeProcess(proc: SandboxProcess, tty: boolean): RuntimeProcess {
  return {
    pid: proc.pid,
    stdout: proc.stdout,
    stderr: tty ? new ReadableStream({ start: (c) => c.close() }) : proc.stderr,
    stdin: proc.stdin,
    exited: proc.exited,
    signal(name: string): Promise<void> {
      proc.signal(name);
      return Promise.resolve();
    },
  };
}
