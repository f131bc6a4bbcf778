/**
 * @module
 * `docker login` (`POST /auth`): checks credentials against a registry's `/v2/` endpoint, through
 * its Basic or bearer-token challenge.
 */

import { DockerError } from "../errors.ts";
import type { RegistryAuth } from "./auth.ts";
import { type ClientOptions, RegistryClient } from "./client.ts";
import { DEFAULT_DOMAIN } from "./reference.ts";

/** What `/auth` answers on success. */
export interface LoginResult {
  Status: "Login Succeeded";
  IdentityToken: string;
}

/** The registry domain a login's `serveraddress` names (`https://index.docker.io/v1/` → docker.io). */
export function loginDomain(serverAddress: string | undefined): string {
  if (!serverAddress) return DEFAULT_DOMAIN;
  const host = serverAddress.replace(/^[a-z]+:\/\//i, "").replace(/\/.*$/, "");
  if (host === "index.docker.io" || host === "registry-1.docker.io") return DEFAULT_DOMAIN;
  return host;
}

/**
 * Verifies credentials; resolves on success and throws an Unauthorized `DockerError` when the
 * registry refuses them (Unavailable when it cannot be reached).
 */
export async function verifyCredentials(
  auth: RegistryAuth,
  options: Omit<ClientOptions, "auth"> = {},
): Promise<LoginResult> {
  const client = new RegistryClient(loginDomain(auth.serverAddress), { ...options, auth });
  try {
    await client.login();
  } catch (err) {
    if (err instanceof DockerError && (err.kind === "Unauthorized" || err.kind === "Forbidden")) {
      throw new DockerError("Unauthorized", err.message);
    }
    throw err;
  }
  return { Status: "Login Succeeded", IdentityToken: "" };
}
