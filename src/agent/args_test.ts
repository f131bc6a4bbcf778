import { assertEquals, assertRejects } from "../../tests/_helpers/assert.ts";
import { parseAgentArgs } from "./args.ts";

const noEnv = () => undefined;

Deno.test("agent flags: listen address, runtime, root and the token from a flag or the env", () => {
  assertEquals(parseAgentArgs(["--", "--listen", "127.0.0.1:0", "--token=t"], noEnv), {
    hostname: "127.0.0.1",
    port: 0,
    runtime: "sandbox",
    root: "/",
    token: "t",
  });
  const env = (name: string) => name === "SOCKERLESS_AGENT_TOKEN" ? "from-env" : undefined;
  const config = parseAgentArgs(
    ["--listen", "[::1]:7777", "--runtime", "host", "--root", "/x"],
    env,
  );
  assertEquals([config.hostname, config.port, config.runtime, config.root, config.token], [
    "::1",
    7777,
    "host",
    "/x",
    "from-env",
  ]);
});

Deno.test("agent flags: no token, no address, a bad runtime or port are refused by name", async () => {
  const refused = (args: string[], part: string) =>
    assertRejects(() => parseAgentArgs(args, noEnv), part);
  await refused(["--listen", "127.0.0.1:0"], "a token is required");
  await refused(["--token", "t"], "--listen HOST:PORT is required");
  await refused(["--listen", "127.0.0.1:0", "--token", "t", "--runtime", "vm"], "sandbox or host");
  await refused(["--listen", "localhost", "--token", "t"], "--listen wants HOST:PORT");
  await refused(["--listen", "h:1", "--token", "t", "--bogus", "1"], "unknown flag --bogus");
});
