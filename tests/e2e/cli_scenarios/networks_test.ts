/**
 * docker CLI scenarios: networks — `network ls` with `--format`, `--filter` and `-q`,
 * `network inspect -f` templates, the drivers the memory backend refuses, connect/disconnect
 * errors, `--network none`, `host` and `container:<name>`, and static and ranged addresses.
 */
import { assertEquals } from "../../_helpers/assert.ts";
import { FULL_ID, runHelp, Scenarios } from "./scenario.ts";

const s = await Scenarios.start("networks");
Deno.test.afterAll(() => s.stop());

Deno.test({
  name: "docker CLI scenarios: networks",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    await s.ok("pull", "-q", "alpine");
    await s.ok("run", "-d", "--name", "app", "alpine", "sleep", "600");
    const app = (await s.ok("inspect", "-f", "{{.Id}}", "app")).trim();

    await s.step(t, "docker network ls --format lists the predefined networks", async () => {
      await s.expect(["network", "ls", "--format", "{{.Name}} {{.Driver}} {{.Scope}}"], {
        code: 0,
        stdout: "bridge bridge local\nhost host local\nnone null local\n",
      });
    });

    await s.step(t, "docker network ls -q --no-trunc prints full ids", async () => {
      await s.expect(["network", "ls", "-q", "--no-trunc"], {
        code: 0,
        stdout: /^([0-9a-f]{64}\n){3}$/,
      });
    });

    await s.step(t, "docker network create --internal --label prints the id", async () => {
      await s.expect(
        ["network", "create", "--internal", "--label", "env=test", "--subnet", "10.9.0.0/24", "nt"],
        { code: 0, stdout: FULL_ID },
      );
    });

    await s.step(t, "docker network ls --filter label= and driver=", async () => {
      await s.expect(
        ["network", "ls", "--filter", "label=env=test", "--format", "{{.Name}} {{.Internal}}"],
        { code: 0, stdout: "nt true\n" },
      );
      await s.expect(["network", "ls", "--filter", "driver=bridge", "--format", "{{.Name}}"], {
        code: 0,
        stdout: "bridge\nnt\n",
      });
    });

    await s.step(t, "docker network ls --format '{{json .}}'", async () => {
      const row = JSON.parse(
        await s.ok("network", "ls", "--filter", "name=nt", "--format", "{{json .}}"),
      );
      assertEquals(
        [row.Name, row.Driver, row.Scope, row.Internal, row.IPv6, row.Labels],
        ["nt", "bridge", "local", "true", "false", "env=test"],
      );
    });

    await s.step(t, "docker network inspect -f with IPAM and labels", async () => {
      await s.expect([
        "network",
        "inspect",
        "-f",
        '{{.Driver}} {{.Scope}} {{.Internal}} {{range .IPAM.Config}}{{.Subnet}} {{.Gateway}}{{end}} {{index .Labels "env"}}',
        "nt",
      ], { code: 0, stdout: "bridge local true 10.9.0.0/24 10.9.0.1 test\n" });
    });

    await s.step(t, "docker network connect puts the container on the network", async () => {
      await s.expect(["network", "connect", "--alias", "api", "nt", "app"], {
        code: 0,
        stdout: "",
      });
      await s.expect([
        "inspect",
        "-f",
        "{{range $k, $v := .NetworkSettings.Networks}}{{$k}}={{$v.IPAddress}} {{end}}",
        "app",
      ], { code: 0, stdout: /^bridge=172\.17\.0\.\d+ nt=10\.9\.0\.2 \n$/ });
      await s.expect(
        [
          "network",
          "inspect",
          "-f",
          "{{range .Containers}}{{.Name}} {{.IPv4Address}}{{end}}",
          "nt",
        ],
        { code: 0, stdout: "app 10.9.0.2/24\n" },
      );
    });

    await s.step(t, "docker network connect twice is refused", async () => {
      await s.expect(["network", "connect", "nt", "app"], {
        code: 1,
        stderr: "Error response from daemon: endpoint with name app already exists in network nt\n",
      });
    });

    await s.step(t, "docker network connect of an unknown container", async () => {
      await s.expect(["network", "connect", "nt", "nope"], {
        code: 1,
        stderr: "Error response from daemon: No such container: nope\n",
      });
    });

    await s.step(t, "docker network disconnect of a container not on it", async () => {
      await s.expect(["network", "disconnect", "nt", "app"], { code: 0, stdout: "" });
      await s.expect(["network", "disconnect", "nt", "app"], {
        code: 1,
        stderr: `Error response from daemon: container ${app} is not connected to network nt\n`,
      });
    });

    await s.step(t, "docker network create --ipv6 is refused: IPv4 addresses only", async () => {
      await s.expect(["network", "create", "--ipv6", "six"], {
        code: 1,
        stderr: "Error response from daemon: IPv6 networks are not supported by the memory " +
          "backend: its containers get IPv4 addresses only\n",
      });
    });

    await s.step(t, "docker network create -d overlay needs a swarm", async () => {
      await s.expect(["network", "create", "-d", "overlay", "ov"], {
        code: 1,
        stderr: 'Error response from daemon: This node is not a swarm manager. Use "docker ' +
          'swarm init" or "docker swarm join" to connect this node to swarm and try again.\n',
      });
    });

    await s.step(t, "docker network create -d macvlan: no such plugin", async () => {
      await s.expect(["network", "create", "-d", "macvlan", "mv"], {
        code: 1,
        stderr: "Error response from daemon: could not find plugin macvlan in v1 plugin " +
          "registry: plugin not found\n",
      });
    });

    await s.step(t, "docker network rm of an unknown network", async () => {
      await s.expect(["network", "rm", "nope"], {
        code: 1,
        stderr: "Error response from daemon: network nope not found\nexit status 1\n",
      });
    });

    await s.step(t, "docker run --network none has only a loopback", async () => {
      await s.expect(["run", "--rm", "--network", "none", "alpine", "cat", "/etc/hosts"], {
        code: 0,
        stdout: "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n",
      });
      await s.ok("create", "--name", "isolated", "--network", "none", "alpine", "true");
      await s.expect([
        "inspect",
        "-f",
        "{{range $k, $v := .NetworkSettings.Networks}}{{$k}}[{{$v.IPAddress}}]{{end}}",
        "isolated",
      ], { code: 0, stdout: "none[]\n" });
    });

    await s.step(
      t,
      "docker run --dns, --dns-search and --dns-option write resolv.conf",
      async () => {
        await s.expect([
          "run",
          "--rm",
          "--dns",
          "1.1.1.1",
          "--dns-search",
          "example.com",
          "--dns-option",
          "ndots:2",
          "alpine",
          "cat",
          "/etc/resolv.conf",
        ], { code: 0, stdout: "search example.com\nnameserver 1.1.1.1\noptions ndots:2\n" });
      },
    );

    await s.step(t, "docker run --network host has the host's hostname", async () => {
      await s.expect(["run", "--rm", "--network", "host", "alpine", "hostname"], {
        code: 0,
        stdout: `${Deno.hostname()}\n`,
      });
    });

    await s.step(t, "docker run --network container:<name> shares its hostname", async () => {
      await s.expect(["run", "--rm", "--network", "container:app", "alpine", "hostname"], {
        code: 0,
        stdout: `${app.slice(0, 12)}\n`,
      });
    });

    await s.step(t, "docker run --network of an unknown network", async () => {
      await s.expect(["run", "--rm", "--network", "nope", "alpine", "true"], {
        code: 125,
        stderr: `docker: Error response from daemon: network nope not found${runHelp()}`,
      });
    });

    await s.step(t, "docker create on a network made before the start", async () => {
      await s.expect(["create", "--name", "early", "--network", "later", "alpine", "true"], {
        code: 0,
        stdout: FULL_ID,
      });
      await s.expect(["start", "early"], {
        code: 1,
        stderr: "Error response from daemon: network later not found\n" +
          "Error: failed to start containers: early\n",
      });
      await s.ok("network", "create", "later");
      await s.expect(["start", "-a", "early"], { code: 0, stdout: "" });
      await s.expect([
        "inspect",
        "-f",
        "{{.State.ExitCode}} {{json .NetworkSettings.Networks.later.Gateway}}",
        "early",
      ], {
        code: 0,
        stdout: '0 "172.18.0.1"\n',
      });
      await s.ok("rm", "early");
      await s.ok("network", "rm", "later");
    });

    await s.step(t, "docker network create --ip-range; run --ip for a static address", async () => {
      await s.ok(
        "network",
        "create",
        "--subnet",
        "10.60.0.0/24",
        "--gateway",
        "10.60.0.254",
        "--ip-range",
        "10.60.0.128/25",
        "ranged",
      );
      await s.expect(["network", "inspect", "-f", "{{json .IPAM.Config}}", "ranged"], {
        code: 0,
        stdout: '[{"Subnet":"10.60.0.0/24","IPRange":"10.60.0.128/25","Gateway":"10.60.0.254"}]\n',
      });
      const ip = "{{range .NetworkSettings.Networks}}{{.IPAddress}} {{.Gateway}}{{end}}";
      await s.ok("create", "--name", "dyn", "--network", "ranged", "alpine", "true");
      await s.expect(["inspect", "-f", ip, "dyn"], {
        code: 0,
        stdout: "10.60.0.128 10.60.0.254\n",
      });
      await s.ok(
        "create",
        "--name",
        "static",
        "--network",
        "ranged",
        "--ip",
        "10.60.0.10",
        "alpine",
        "true",
      );
      await s.expect(["inspect", "-f", ip, "static"], {
        code: 0,
        stdout: "10.60.0.10 10.60.0.254\n",
      });
      await s.expect(["create", "--network", "ranged", "--ip", "10.60.0.10", "alpine", "true"], {
        code: 1,
        stderr: "Error response from daemon: Address already in use\n",
      });
      await s.ok("rm", "dyn", "static");
      await s.ok("network", "rm", "ranged");
    });

    await s.step(t, "docker network rm prints the name", async () => {
      await s.expect(["network", "rm", "nt"], { code: 0, stdout: "nt\n" });
    });

    await s.ok("rm", "-f", "app", "isolated");
  },
});
