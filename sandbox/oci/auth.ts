/**
 * @module
 * Credentials: Docker's `X-Registry-Auth` header (base64url JSON of an AuthConfig) and the
 * registry's `WWW-Authenticate` challenges (`Basic realm=…`, `Bearer realm=…,service=…,scope=…`).
 */

import { invalidParameter } from "../errors.ts";

/** Credentials for one registry, as a client sends them. */
export interface RegistryAuth {
  username?: string;
  password?: string;
  /** OAuth refresh token returned by an earlier login (`identitytoken`). */
  identityToken?: string;
  /** A bearer token to send as is (`registrytoken`). */
  registryToken?: string;
  serverAddress?: string;
}

/** One authentication challenge of a `WWW-Authenticate` header. */
export interface Challenge {
  /** Lower-case scheme: `basic`, `bearer`. */
  scheme: string;
  /** Parameters with lower-case names (`realm`, `service`, `scope`, `error`). */
  params: Record<string, string>;
}

function base64Decode(text: string): string {
  const std = text.trim().replaceAll("-", "+").replaceAll("_", "/");
  const padded = std + "=".repeat((4 - (std.length % 4)) % 4);
  const bytes = Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

/** Encodes credentials the way the docker CLI does (base64url JSON), for clients and tests. */
export function encodeRegistryAuth(auth: RegistryAuth): string {
  const json = JSON.stringify({
    username: auth.username,
    password: auth.password,
    serveraddress: auth.serverAddress,
    identitytoken: auth.identityToken,
    registrytoken: auth.registryToken,
  });
  const bytes = new TextEncoder().encode(json);
  return btoa(String.fromCharCode(...bytes)).replaceAll("+", "-").replaceAll("/", "_");
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

/**
 * Decodes an `X-Registry-Auth` header; an absent or empty header means anonymous (`undefined`).
 * Throws InvalidParameter when the header is not base64 JSON.
 */
export function decodeRegistryAuth(header: string | null | undefined): RegistryAuth | undefined {
  if (!header || header.trim() === "") return undefined;
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(base64Decode(header));
  } catch (err) {
    throw invalidParameter(`invalid X-Registry-Auth header: ${(err as Error).message}`);
  }
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    throw invalidParameter("invalid X-Registry-Auth header: not a JSON object");
  }
  const auth: RegistryAuth = {
    username: text(raw.username),
    password: text(raw.password),
    identityToken: text(raw.identitytoken),
    registryToken: text(raw.registrytoken),
    serverAddress: text(raw.serveraddress),
  };
  const basic = text(raw.auth);
  if (basic && !auth.username) {
    const plain = base64Decode(basic);
    const colon = plain.indexOf(":");
    auth.username = colon === -1 ? plain : plain.slice(0, colon);
    auth.password = colon === -1 ? undefined : plain.slice(colon + 1);
  }
  const present = Object.values(auth).some((v) => v !== undefined);
  return present ? auth : undefined;
}

/** Parses a `WWW-Authenticate` header into its challenges (several may share one header). */
export function parseChallenges(header: string): Challenge[] {
  const challenges: Challenge[] = [];
  const re = /\s*([A-Za-z0-9!#$%&'*+.^_`|~-]+)(?:\s*=\s*("(?:[^"\\]|\\.)*"|[^,\s]*))?\s*,?/y;
  let current: Challenge | undefined;
  while (re.lastIndex < header.length) {
    const start = re.lastIndex;
    const match = re.exec(header);
    if (!match || re.lastIndex === start) break;
    const [, name, value] = match;
    if (value === undefined) {
      current = { scheme: name.toLowerCase(), params: {} };
      challenges.push(current);
      continue;
    }
    if (!current) continue;
    const unquoted = value.startsWith('"') ? value.slice(1, -1).replace(/\\(.)/g, "$1") : value;
    current.params[name.toLowerCase()] = unquoted;
  }
  return challenges;
}

/** `Authorization: Basic …` for a user name and password. */
export function basicAuthorization(username: string, password: string): string {
  const bytes = new TextEncoder().encode(`${username}:${password}`);
  return `Basic ${btoa(String.fromCharCode(...bytes))}`;
}
