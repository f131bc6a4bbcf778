/**
 * @module
 * Command-line flags of the daemon, dockerd-style (`-H`/`--host` repeatable, `--tlsverify`).
 */

import { parseArgs } from "node:util";
import { invalidParameter } from "./engine/errors.ts";
import type { TlsFiles } from "./server/listen_spec.ts";
import { defaultHosts } from "./server/listen_spec.ts";

/** The daemon's configuration. */
export interface DaemonConfig {
  hosts: string[];
  backend: string;
  /** Where all state lives (`--data-root`). */
  dataRoot: string;
  tls?: TlsFiles;
  /** `--runtime-agent ws://HOST:PORT`: the memory backend runs containers through this agent. */
  runtimeAgent?: string;
}

/**
 * The default data root, in dockerd's spirit: `/var/lib/sockerless` as root, else the user's
 * data folder (`$XDG_DATA_HOME/sockerless`, or `~/.local/share/sockerless`).
 */
export function defaultDataRoot(): string {
  if (Deno.uid() === 0) return "/var/lib/sockerless";
  const xdg = Deno.env.get("XDG_DATA_HOME");
  if (xdg) return `${xdg}/sockerless`;
  return `${Deno.env.get("HOME") ?? "."}/.local/share/sockerless`;
}

const usage = () =>
  `Usage: deno task serve [options]

  -H, --host ADDR     listen on unix:///path or tcp://host:port (repeatable)
                      default: ${defaultHosts().join(" and ")}
      --backend NAME  backend to run containers on (default: memory)
      --runtime-agent URL  run the memory backend's containers through the runtime agent at
                      ws://HOST:PORT (its token from SOCKERLESS_AGENT_TOKEN)
      --data-root DIR where containers, images, volumes, networks, the build cache and
                      the events history are kept (default: ${defaultDataRoot()})
      --tlsverify     require TLS with client certificates signed by --tlscacert
      --tlscacert F   CA certificate that client certificates must be signed by
      --tlscert F     server certificate
      --tlskey F      server key
  -h, --help          show this help`;

/** Parses the flags; returns null when help was asked for. */
export function parseDaemonArgs(args: string[]): DaemonConfig | null {
  const { values } = parseArgs({
    args: args.filter((a) => a !== "--"),
    options: {
      host: { type: "string", short: "H", multiple: true },
      backend: { type: "string", default: "memory" },
      "data-root": { type: "string" },
      "runtime-agent": { type: "string" },
      tlsverify: { type: "boolean", default: false },
      tlscacert: { type: "string" },
      tlscert: { type: "string" },
      tlskey: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(usage());
    return null;
  }
  let tls: TlsFiles | undefined;
  if (values.tlsverify) {
    const { tlscacert: ca, tlscert: cert, tlskey: key } = values;
    if (!ca || !cert || !key) {
      throw invalidParameter("--tlsverify needs --tlscacert, --tlscert and --tlskey");
    }
    tls = { ca, cert, key };
  }
  return {
    hosts: values.host?.length ? values.host : defaultHosts(),
    backend: values.backend!,
    dataRoot: values["data-root"] || defaultDataRoot(),
    tls,
    runtimeAgent: values["runtime-agent"],
  };
}
