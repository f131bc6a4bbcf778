/**
 * gitlab-ci-local (npm, run under Deno) against a real `deno task serve` process: the pipeline
 * in clients/gitlab_ci_local runs with the docker executor (it shells out to the docker CLI:
 * volumes, create, cp, start --attach, networks, services), and its portable jobs' output must
 * equal what the shell executor prints for the same scripts.
 *
 * Helper image: gitlab-ci-local's default `docker.io/firecow/gitlab-ci-local-util` is on Docker
 * Hub, which this machine cannot reach, and the daemon does not fake it into its catalogue. The
 * helper only needs sh, bash, chown, chmod, mktemp and rsync, which the memory backend's sandbox
 * gives every image, so `--helper-image alpine` serves (against real dockerd it would not: real
 * alpine has neither bash nor rsync).
 */
import { assert, assertEquals, assertStringIncludes } from "../_helpers/assert.ts";
import { type Daemon, dockerOk, type RunResult, startDaemon } from "./daemon.ts";

/** Pinned in deno.json (and deno.lock); `deno task test` caches it (tools/setup/catalogue.ts). */
const GITLAB_CI_LOCAL = "npm:gitlab-ci-local@4.75.1";
const ROOT = new URL("../..", import.meta.url).pathname;
const FIXTURES = new URL("./clients/gitlab_ci_local/", import.meta.url).pathname;
/** The jobs whose scripts do not depend on the executor. */
const PORTABLE = ["build-job", "test-job", "flaky-job"];

const daemon = await startDaemon({ client: "gitlab-ci-local" });
Deno.test.afterAll(() => daemon.stop());

async function run(
  cmd: string,
  args: string[],
  env: Record<string, string>,
  cwd = ROOT,
): Promise<RunResult> {
  const { code, stdout, stderr } = await new Deno.Command(cmd, {
    args,
    cwd,
    env: { DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1", ...env },
    stdin: "null",
  }).output();
  const dec = new TextDecoder();
  return { code, stdout: dec.decode(stdout), stderr: dec.decode(stderr) };
}

/** A fresh git repository holding the pipeline, with an origin so CI_PROJECT_* are set. */
async function pipelineRepo(): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "sockerless-gcl-" });
  await Deno.copyFile(`${FIXTURES}.gitlab-ci.yml`, `${dir}/.gitlab-ci.yml`);
  const git = (...args: string[]) => run("git", ["-C", dir, ...args], {});
  for (
    const args of [
      ["init", "-q", "-b", "main"],
      ["remote", "add", "origin", "git@gitlab.com:sockerless/demo.git"],
      ["symbolic-ref", "refs/remotes/origin/HEAD", "refs/remotes/origin/main"],
      ["add", "."],
      ["-c", "user.email=ci@example.com", "-c", "user.name=ci", "commit", "-qm", "pipeline"],
    ]
  ) {
    const r = await git(...args);
    assertEquals(r.code, 0, `git ${args.join(" ")}: ${r.stderr}`);
  }
  return dir;
}

/**
 * Runs gitlab-ci-local in `repo` (it takes only a relative `--cwd`), with the project's config
 * so deno.lock checks the package's integrity.
 */
function gitlabCiLocal(repo: string, args: string[], d?: Daemon): Promise<RunResult> {
  const deno = ["run", "-A", "--config", `${ROOT}deno.json`, GITLAB_CI_LOCAL, ...args];
  return run(Deno.execPath(), deno, d?.env ?? {}, repo);
}

/**
 * A job's script lines: what it ran (`$ ...`) and printed (`> ...`), without the job-name
 * column (padded to the longest name of the run). Every other line is the executor's own
 * banner and is left out on purpose: "starting alpine:latest" vs "starting shell", "pulled",
 * "copied to docker volumes", "imported artifacts/cache", "exported artifacts", "copied
 * artifacts to cwd", "cache created" (the shell executor keeps no cache), and every line
 * carrying a duration ("finished in 1.2 s").
 */
function scriptLines(output: string, job: string): string[] {
  const prefix = new RegExp(`^${job} +([$>] .*)$`);
  return output.split("\n").flatMap((l) => prefix.exec(l)?.[1] ?? []);
}

/** The closing summary, one `STATUS job [note]` per job, padding squeezed. */
function summary(output: string): string[] {
  return output.split("\n").filter((l) => /^ (PASS|WARN|FAIL) /.test(l))
    .map((l) => l.trim().replace(/\s+/g, " ")).sort();
}

Deno.test({
  name: "gitlab-ci-local: docker executor on Sockerless matches the shell executor",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    const dockerRepo = await pipelineRepo();
    const shellRepo = await pipelineRepo();
    let docker: RunResult = { code: -1, stdout: "", stderr: "" };
    try {
      await t.step("the service image with a TCP port is built locally", async () => {
        await dockerOk(
          daemon,
          "build",
          "-q",
          "-t",
          "sockerless-gcl/tcp-service:1",
          `${FIXTURES}tcp_service`,
        );
      });

      await t.step("docker executor: the whole pipeline passes, allow_failure warns", async () => {
        docker = await gitlabCiLocal(dockerRepo, ["--helper-image", "alpine"], daemon);
        assertEquals(docker.code, 0, docker.stderr + docker.stdout);
        assertEquals(summary(docker.stdout), [
          "PASS build-job",
          "PASS service-job",
          "PASS tcp-service-job",
          "PASS test-job",
          "WARN flaky-job pre_script",
        ]);
        // The failed job's exit code, with its allow_failure warning.
        assert(/^flaky-job +finished in .+ WARN 3 $/m.test(docker.stderr), docker.stderr);
      });

      await t.step(
        "artifacts and cache pass between stages and come back to the host",
        async () => {
          assertEquals(scriptLines(docker.stdout, "test-job"), [
            "$ cat out/result.txt",
            "> hello world",
            "$ cat .cache-dir/value",
            "> cached by build-job",
            '$ test "$(cat out/result.txt)" = "hello world"',
            '$ echo "stage $CI_JOB_STAGE of $CI_PROJECT_NAME"',
            "> stage test of demo",
          ]);
          assertEquals(await Deno.readTextFile(`${dockerRepo}/out/result.txt`), "hello world\n");
          const cached = `${dockerRepo}/.gitlab-ci-local/cache/shared/.cache-dir/value`;
          assertEquals(await Deno.readTextFile(cached), "cached by build-job\n");
          assertStringIncludes(docker.stdout, "test-job        imported cache 'shared'");
        },
      );

      await t.step("a service runs beside the job, reachable by its alias", () => {
        assertEquals(scriptLines(docker.stdout, "service-job").filter((l) => l[0] === ">"), [
          "> sidecar up",
          "> sidecar resolves",
        ]);
        assertStringIncludes(
          docker.stdout,
          "service-job     started service image: alpine:latest with aliases: sidecar, alpine",
        );
        // No EXPOSE in alpine: gitlab-ci-local has no port to wait for.
        assertStringIncludes(docker.stderr, "service-job     Could not find exposed tcp ports");
      });

      await t.step(
        "a service port wait fails clearly: no wait-for-it image, no sockets",
        () => {
          assertStringIncludes(
            docker.stdout,
            "tcp-service-job service image: sockerless-gcl/tcp-service:1 healthcheck failed",
          );
          assertStringIncludes(
            docker.stdout,
            "pull access denied for sumina46/wait-for-it, repository does not exist",
          );
          assertEquals(scriptLines(docker.stdout, "tcp-service-job").at(-1), "> cache resolves");
        },
      );

      await t.step("gitlab-ci-local cleaned up every container, volume and network", async () => {
        assertEquals(await dockerOk(daemon, "ps", "-aq"), "");
        assertEquals(await dockerOk(daemon, "volume", "ls", "-q"), "");
        const networks = await dockerOk(daemon, "network", "ls", "--format", "{{.Name}}");
        assertEquals(networks.trim().split("\n").sort(), ["bridge", "host", "none"]);
      });

      await t.step("the portable jobs print exactly what the shell executor prints", async () => {
        const shell = await gitlabCiLocal(shellRepo, ["--force-shell-executor", ...PORTABLE]);
        assertEquals(shell.code, 0, shell.stderr + shell.stdout);
        for (const job of PORTABLE) {
          const lines = scriptLines(docker.stdout, job);
          assert(lines.length > 0, `no script lines for ${job}`);
          assertEquals(lines, scriptLines(shell.stdout, job), job);
        }
        const portable = (s: string) =>
          PORTABLE.some((job) => s.endsWith(job) || s.includes(`${job} `));
        assertEquals(summary(docker.stdout).filter(portable), summary(shell.stdout));
      });
    } finally {
      await Deno.remove(dockerRepo, { recursive: true });
      await Deno.remove(shellRepo, { recursive: true });
    }
  },
});
