/**
 * @module
 * The agent program's flags: `--listen HOST:PORT` (port 0 picks a free one), `--runtime
 * sandbox|host`, `--root DIR` (the host runtime's root) and `--token` (or
 * `SOCKERLESS_AGENT_TOKEN`), without which the agent refuses to start.
 */

/** What the agent was asked to do. */
export interface AgentConfig {
  hostname: string;
  port: number;
  runtime: "sandbox" | "host";
  root: string;
  token: string;
}

/** The usage line printed for a bad flag. */
export const USAGE =
  "usage: agent --listen HOST:PORT [--runtime sandbox|host] [--root DIR] [--token T]";

function listenOf(value: string): { hostname: string; port: number } {
  const cut = value.lastIndexOf(":");
  const port = Number(value.slice(cut + 1));
  if (cut <= 0 || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--listen wants HOST:PORT, not ${value}`);
  }
  return { hostname: value.slice(0, cut).replace(/^\[|\]$/g, ""), port };
}

/** Parses the flags; throws an error naming the bad one. */
export function parseAgentArgs(
  args: string[],
  env: (name: string) => string | undefined,
): AgentConfig {
  const values = new Map<string, string>();
  args = args.filter((a) => a !== "--"); // `deno task agent -- …` passes its separator on
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i].split(/=(.*)/s, 2);
    if (!["--listen", "--runtime", "--root", "--token"].includes(flag)) {
      throw new Error(`unknown flag ${flag}`);
    }
    const value = inline ?? args[++i];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    values.set(flag, value);
  }
  const listen = values.get("--listen");
  if (!listen) throw new Error("--listen HOST:PORT is required");
  const runtime = values.get("--runtime") ?? "sandbox";
  if (runtime !== "sandbox" && runtime !== "host") {
    throw new Error(`--runtime is sandbox or host, not ${runtime}`);
  }
  const token = values.get("--token") ?? env("SOCKERLESS_AGENT_TOKEN") ?? "";
  if (!token) throw new Error("a token is required (--token or SOCKERLESS_AGENT_TOKEN)");
  return { ...listenOf(listen), runtime, root: values.get("--root") ?? "/", token };
}
