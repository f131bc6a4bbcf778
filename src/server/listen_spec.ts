/**
 * @module
 * Parses dockerd-style `-H`/`--host` addresses and enforces the listener rules: TCP off loopback
 * only with verified TLS (`--tlsverify` with CA, cert and key).
 */

import { invalidParameter } from "../engine/errors.ts";

/** Where to listen. */
export type ListenSpec =
  | { kind: "unix"; path: string }
  | { kind: "tcp"; host: string; port: number };

/** TLS material for TCP listeners; client certificates signed by `ca` are required. */
export interface TlsFiles {
  ca: string;
  cert: string;
  key: string;
}

/** The default unix socket path: `$SOCKERLESS_SOCKET`, else `~/.sockerless/docker.sock`. */
export function defaultSocketPath(): string {
  const fromEnv = Deno.env.get("SOCKERLESS_SOCKET");
  if (fromEnv) return fromEnv;
  return `${Deno.env.get("HOME") ?? "/tmp"}/.sockerless/docker.sock`;
}

/** The default listeners: the unix socket plus `tcp://127.0.0.1:2375`. */
export function defaultHosts(): string[] {
  return [`unix://${defaultSocketPath()}`, "tcp://127.0.0.1:2375"];
}

/** Parses `unix:///path` or `tcp://host:port` (IPv6 in brackets). */
export function parseHost(address: string): ListenSpec {
  if (address.startsWith("unix://")) {
    const path = address.slice("unix://".length);
    if (!path.startsWith("/")) {
      throw invalidParameter(`unix socket path must be absolute: ${address}`);
    }
    return { kind: "unix", path };
  }
  const tcp = /^tcp:\/\/(\[[^\]]+\]|[^:/]+):(\d+)\/?$/.exec(address);
  if (tcp) {
    const port = Number(tcp[2]);
    if (port > 65535) throw invalidParameter(`invalid port in ${address}`);
    return { kind: "tcp", host: tcp[1].replace(/^\[|\]$/g, ""), port };
  }
  throw invalidParameter(`invalid listen address ${address}: use unix:///path or tcp://host:port`);
}

/** True for addresses only this machine can reach. */
export function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** Refuses a TCP listener off loopback unless verified TLS is configured. */
export function checkListenerSafety(spec: ListenSpec, tls: TlsFiles | undefined): void {
  if (spec.kind === "tcp" && !isLoopback(spec.host) && !tls) {
    throw invalidParameter(
      `refusing to listen on tcp://${spec.host}:${spec.port} without TLS: ` +
        "a non-loopback listener needs --tlsverify --tlscacert --tlscert --tlskey",
    );
  }
}
