/**
 * docker-py (issue #7): the stdlib-unittest suite in clients/docker_py (containers.run, exec_run,
 * put/get_archive, images.build/pull/push, networks, volumes, events, the low-level APIClient)
 * against one real `deno task serve` process and two real local registries (one behind
 * htpasswd). `deno task test` points SOCKERLESS_PYTHON at a cached virtualenv with docker-py 7.1
 * (tests/e2e/clients/docker_py/requirements.txt); set it to another python, such as Debian's
 * python3-docker (docker-py 5), and the suite passes with that too.
 */
import { assert } from "../_helpers/assert.ts";
import { startRegistry } from "../_helpers/registry.ts";
import { startDaemon } from "./daemon.ts";

const SUITE = new URL("./clients/docker_py/", import.meta.url).pathname;
/** The whole run's limit; each test also has its own watchdog (see _support.py). */
const RUN_TIMEOUT_MS = 240_000;
const MIN_TESTS = 40;

interface Timing {
  test: string;
  seconds: number;
  calls: number;
  api_seconds: number;
  slowest: [number, string][];
}

/** unittest's summary: "Ran 88 tests in 9.1s" then "OK" or "FAILED (failures=1)". */
function summary(stderr: string): { ran: number; ok: boolean } {
  const ran = Number(stderr.match(/^Ran (\d+) tests? in [\d.]+s$/m)?.[1] ?? 0);
  return { ran, ok: /^OK\b/m.test(stderr) };
}

/** The failures' tracebacks (unittest prints them between ===== rules), or the whole output. */
function failures(stderr: string): string {
  const first = stderr.indexOf("\n=====");
  return first >= 0 ? stderr.slice(first) : stderr;
}

/** The ten slowest tests and their slowest API calls, one line each. */
async function slowest(file: string): Promise<string> {
  const text = await Deno.readTextFile(file).catch(() => "");
  const rows = text.split("\n").filter((l) => l).map((l) => JSON.parse(l) as Timing);
  rows.sort((a, b) => b.seconds - a.seconds);
  return rows.slice(0, 10).map((r) => {
    const calls = r.slowest.map(([s, what]) => `${what} ${s}s`).join(", ");
    const api = `${r.calls} calls, ${r.api_seconds}s to response heads`;
    return `  ${r.seconds.toFixed(3)}s ${r.test} (${api}; slowest: ${calls})`;
  }).join("\n");
}

Deno.test({
  name: `docker-py: the unittest suite (at least ${MIN_TESTS} tests) passes against Sockerless`,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    await using registry = await startRegistry();
    await using authRegistry = await startRegistry({ users: { py: "s3cret" } });
    const daemon = await startDaemon({ client: "docker-py" });
    const timings = await Deno.makeTempFile({ prefix: "docker-py-timings-", suffix: ".jsonl" });
    try {
      const python = Deno.env.get("SOCKERLESS_PYTHON") ?? "python3";
      const began = performance.now();
      const out = await new Deno.Command(python, {
        // ResourceWarnings are docker-py's own unclosed response sockets: noise, not failures.
        args: ["-W", "ignore::ResourceWarning", "-m", "unittest", "discover", "-v", "-s", SUITE],
        cwd: SUITE,
        env: {
          ...daemon.env,
          SOCKERLESS_REGISTRY: registry.domain,
          SOCKERLESS_AUTH_REGISTRY: `${authRegistry.domain},py,s3cret`,
          SOCKERLESS_TCP_HOST: daemon.tcp,
          SOCKERLESS_PY_TIMINGS: timings,
          PYTHONDONTWRITEBYTECODE: "1",
        },
        stdin: "null",
        stdout: "piped",
        stderr: "piped",
        signal: AbortSignal.timeout(RUN_TIMEOUT_MS),
      }).output();
      const wall = (performance.now() - began) / 1000;
      const stderr = new TextDecoder().decode(out.stderr);
      const { ran, ok } = summary(stderr);
      assert(
        out.code === 0 && ok && ran >= MIN_TESTS,
        `docker-py suite: exit ${out.code}, ran ${ran} (want >= ${MIN_TESTS}), ok=${ok}\n` +
          failures(stderr) + new TextDecoder().decode(out.stdout),
      );
      console.log(
        `docker-py suite: ${ran} tests, ${wall.toFixed(1)}s wall (${python}); slowest ten:\n` +
          await slowest(timings),
      );
    } finally {
      await Deno.remove(timings).catch(() => {});
      await daemon.stop();
    }
  },
});
