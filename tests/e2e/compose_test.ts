/**
 * docker-compose 1.29 (Debian's, over Debian's docker-py 5) against a real `deno task serve`
 * process: the 3-service project in clients/compose (two networks, a named volume, a built
 * image, env files, `depends_on: service_healthy`) through up, ps, logs, exec, run --rm and
 * down -v, with the docker CLI checking what compose left behind.
 */
import { assert, assertEquals, assertStringIncludes } from "../_helpers/assert.ts";
import { dockerEvents, dockerOk, runCommand, startDaemon } from "./daemon.ts";

const PROJECT = "sklcompose";
const FILE = new URL("./clients/compose/docker-compose.yml", import.meta.url).pathname;

const daemon = await startDaemon({ client: "compose" });
Deno.test.afterAll(() => daemon.stop());

/**
 * Runs docker-compose on the project. `COMPOSE_DOCKER_CLI_BUILD=0` makes compose build through
 * docker-py's API rather than shelling out to `docker build` (covered by build_cli_test.ts).
 */
function compose(args: string[], env: Record<string, string> = {}) {
  return runCommand("docker-compose", ["--no-ansi", "-f", FILE, "-p", PROJECT, ...args], {
    ...daemon.env,
    COMPOSE_DOCKER_CLI_BUILD: "0",
    ...env,
  });
}

async function composeOk(...args: string[]): Promise<string> {
  const r = await compose(args);
  assertEquals(r.code, 0, `docker-compose ${args.join(" ")}: ${r.stderr}`);
  return r.stdout;
}

/** The lines a service printed in `docker-compose logs`, without the `name_1  | ` prefix. */
function serviceLines(logs: string, service: string): string[] {
  const prefix = new RegExp(`^${service}_1\\s+\\| `);
  return logs.split("\n").filter((l) => prefix.test(l)).map((l) => l.replace(prefix, ""));
}

Deno.test({
  name: "docker-compose 1.29: up, ps, logs, exec, run --rm, down -v",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    const since = String(Math.floor(Date.now() / 1000) - 1);

    await t.step("up -d builds api, pulls, creates in dependency order", async () => {
      const r = await compose(["up", "-d"]);
      assertEquals(r.code, 0, r.stderr);
      // docker-py's build streams the classic builder's steps to stdout.
      assertStringIncludes(r.stdout, "Step 5/5 : COPY motd /etc/api-motd");
      assertStringIncludes(r.stdout, `Successfully tagged ${PROJECT}_api:latest`);
      const done = r.stderr.split(/\r?\n/).filter((l) => l.endsWith(" ... done"));
      assertEquals(done, [
        `Creating ${PROJECT}_db_1 ... done`,
        `Creating ${PROJECT}_api_1 ... done`,
        `Creating ${PROJECT}_web_1 ... done`,
      ]);
    });

    await t.step("api started only after db reported healthy", async () => {
      const events = await dockerEvents(
        daemon,
        since,
        ["type=container", `label=com.docker.compose.project=${PROJECT}`],
        "{{.Action}} {{.Actor.Attributes.name}}",
      );
      const order = events.split("\n").filter((l) =>
        l === `health_status: healthy ${PROJECT}_db_1` || l === `start ${PROJECT}_api_1`
      );
      assertEquals(order, [`health_status: healthy ${PROJECT}_db_1`, `start ${PROJECT}_api_1`]);
    });

    await t.step("ps shows every service up and db's health", async () => {
      const lines = (await composeOk("ps")).trimEnd().split("\n");
      assertEquals(lines[0].trim().split(/\s{2,}/), ["Name", "Command", "State", "Ports"]);
      const states = lines.slice(2).map((l) => {
        const [name, , state] = l.trimEnd().split(/\s{2,}/);
        return `${name}: ${state}`;
      });
      assertEquals(states, [
        `${PROJECT}_api_1: Up`,
        `${PROJECT}_db_1: Up (healthy)`,
        `${PROJECT}_web_1: Up`,
      ]);
      assertEquals((await composeOk("ps", "--services")).trimEnd().split("\n").sort(), [
        "api",
        "db",
        "web",
      ]);
    });

    await t.step(
      "logs show each service's lines: env files, build args, the shared volume",
      async () => {
        const logs = await composeOk("logs", "--no-color");
        assertEquals(serviceLines(logs, "db"), ["db starting as appdb", "db ready"]);
        assertEquals(serviceLines(logs, "api"), [
          "api up: hello-from-build mode=compose port=8080",
          "appdb-data",
        ]);
        assertEquals(serviceLines(logs, "web"), ["web up"]);
        const apiOnly = await composeOk("logs", "--no-color", "api");
        assertEquals(serviceLines(apiOnly, "db"), []);
        assertEquals(serviceLines(apiOnly, "api").length, 2);
      },
    );

    await t.step("exec -T (through the docker CLI) sees the build and env files", async () => {
      const out = await composeOk(
        "exec",
        "-T",
        "api",
        "sh",
        "-c",
        "cat /etc/api-build /etc/api-motd; echo $API_SECRET $DB_NAME-",
      );
      assertEquals(out, "built with hello-from-build\napi motd from the build context\ns3cret -\n");
      const failed = await compose(["exec", "-T", "db", "sh", "-c", "echo $DB_USER; exit 4"]);
      assertEquals([failed.code, failed.stdout], [4, "admin\n"]);
    });

    await t.step(
      "exec through docker-py (COMPOSE_INTERACTIVE_NO_CLI) keeps the exit code",
      async () => {
        const r = await compose(
          ["exec", "-T", "api", "sh", "-c", "echo out; echo err >&2; exit 6"],
          { COMPOSE_INTERACTIVE_NO_CLI: "1" },
        );
        // dockerpty's exec pump copies the one exec socket to stdout, stderr included.
        assertEquals([r.code, r.stdout], [6, "out\nerr\n"], r.stderr);
      },
    );

    await t.step("service names and aliases resolve per network through /etc/hosts", async () => {
      const ip = async (container: string, network: string) =>
        (await dockerOk(
          daemon,
          "inspect",
          "-f",
          `{{(index .NetworkSettings.Networks "${PROJECT}_${network}").IPAddress}}`,
          `${PROJECT}_${container}_1`,
        )).trim();
      const apiBack = await ip("api", "back");
      const apiFront = await ip("api", "front");
      const dbBack = await ip("db", "back");
      const lookup =
        "for h in db api backend web; do echo $h=$(getent hosts $h | cut -d' ' -f1); done";
      assertEquals(
        await composeOk("exec", "-T", "api", "sh", "-c", lookup),
        `db=${dbBack}\napi=${apiBack}\nbackend=${apiFront}\nweb=${await ip("web", "front")}\n`,
      );
      // web is on the front network only: db is not its peer, api is, by name and alias.
      assertEquals(
        await composeOk("exec", "-T", "web", "sh", "-c", lookup),
        `db=\napi=${apiFront}\nbackend=${apiFront}\nweb=${await ip("web", "front")}\n`,
      );
    });

    await t.step(
      "run --rm through the docker CLI: output, exit code, container removed",
      async () => {
        const r = await compose(["run", "--rm", "web", "sh", "-c", "echo run-out; exit 3"]);
        assertEquals([r.code, r.stdout], [3, "run-out\n"]);
        // compose 1.29 logs the SystemExit code of a failed run as its last stderr line.
        assertEquals(r.stderr.trimEnd().split(/\r?\n/).at(-1), "3");
        const left = await dockerOk(daemon, "ps", "-a", "--format", "{{.Names}}");
        assertEquals(left.split("\n").filter((n) => n.includes("_run_")), []);
      },
    );

    await t.step("run --rm through docker-py: the named volume's content is shared", async () => {
      const r = await compose(
        ["run", "--rm", "-T", "api", "sh", "-c", "cat /shared/value; echo err >&2; exit 5"],
        { COMPOSE_INTERACTIVE_NO_CLI: "1" },
      );
      assertEquals([r.code, r.stdout], [5, "appdb-data\n"], r.stderr);
      assertStringIncludes(r.stderr, "err\n");
      const left = await dockerOk(daemon, "ps", "-a", "--format", "{{.Names}}");
      assertEquals(left.split("\n").filter((n) => n.includes("_run_")), []);
    });

    await t.step("up -d again leaves the project as it is", async () => {
      const r = await compose(["up", "-d"]);
      assertEquals(r.code, 0, r.stderr);
      assertEquals(r.stderr.split(/\r?\n/).filter((l) => l.includes("up-to-date")).sort(), [
        `${PROJECT}_api_1 is up-to-date`,
        `${PROJECT}_db_1 is up-to-date`,
        `${PROJECT}_web_1 is up-to-date`,
      ]);
    });

    await t.step("down -v removes containers, networks and the volume", async () => {
      const label = `label=com.docker.compose.project=${PROJECT}`;
      assertEquals(
        await dockerOk(daemon, "volume", "ls", "--filter", label, "--format", "{{.Name}}"),
        `${PROJECT}_dbdata\n`,
      );
      const r = await compose(["down", "-v"]);
      assertEquals(r.code, 0, r.stderr);
      for (
        const line of [`Removing network ${PROJECT}_back`, `Removing volume ${PROJECT}_dbdata`]
      ) {
        assertStringIncludes(r.stderr, line);
      }
      assertEquals(await dockerOk(daemon, "ps", "-a", "--filter", label, "-q"), "");
      assertEquals(await dockerOk(daemon, "network", "ls", "--filter", label, "-q"), "");
      assertEquals(await dockerOk(daemon, "volume", "ls", "--filter", label, "-q"), "");
      const names = await dockerOk(daemon, "network", "ls", "--format", "{{.Name}}");
      assert(!names.includes(PROJECT), names);
      // down keeps images unless asked (--rmi): the built one is still there.
      assertEquals(
        await dockerOk(daemon, "images", `${PROJECT}_api`, "--format", "{{.Repository}}"),
        `${PROJECT}_api\n`,
      );
    });
  },
});
