/**
 * @module
 * Image references the way Docker reads them: `alpine` is `docker.io/library/alpine:latest`, a
 * first path component with a `.` or a `:` (or `localhost`, or an upper-case letter) names a
 * registry, `name@sha256:…` pins a digest. Anything else is `invalid reference format`.
 */

import { invalidParameter } from "../errors.ts";

/** A normalised image reference. */
export interface Reference {
  /** Registry host, with port when given (`docker.io`, `127.0.0.1:5000`). */
  domain: string;
  /** Repository path inside the registry (`library/alpine`, `team/app`). */
  path: string;
  /** Tag; `latest` when neither a tag nor a digest was given. */
  tag?: string;
  /** Content digest (`sha256:…`) when the reference pins one. */
  digest?: string;
}

/** The registry Docker uses when a reference names none. */
export const DEFAULT_DOMAIN = "docker.io";

const COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
const PATH_RE = new RegExp(`^${COMPONENT}(?:/${COMPONENT})*$`);
const DOMAIN_RE = new RegExp(
  "^(?:(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])" +
    "(?:\\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*" +
    "|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?$",
);
const TAG_RE = /^[\w][\w.-]{0,127}$/;
const DIGEST_RE = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;
const HEX64_RE = /^[a-f0-9]{64}$/;
const MAX_NAME = 255;

function invalid(detail?: string) {
  return invalidParameter(`invalid reference format${detail ? `: ${detail}` : ""}`);
}

/** Splits `name` into registry and path the way Docker's `splitDockerDomain` does. */
function splitDomain(name: string): [string, string] {
  const slash = name.indexOf("/");
  const first = slash === -1 ? "" : name.slice(0, slash);
  const isDomain = slash !== -1 &&
    (/[.:]/.test(first) || first === "localhost" || first.toLowerCase() !== first);
  if (!isDomain) {
    return [DEFAULT_DOMAIN, name.includes("/") ? name : `library/${name}`];
  }
  const domain = first === "index.docker.io" ? DEFAULT_DOMAIN : first;
  const path = name.slice(slash + 1);
  return [domain, domain === DEFAULT_DOMAIN && !path.includes("/") ? `library/${path}` : path];
}

/**
 * Parses and normalises an image reference; a reference without tag or digest gets `latest`.
 * Throws an InvalidParameter `DockerError` worded like dockerd's.
 */
export function parseReference(text: string): Reference {
  if (HEX64_RE.test(text)) {
    throw invalidParameter(
      `invalid repository name (${text}), cannot specify 64-byte hexadecimal strings`,
    );
  }
  let rest = text;
  let digest: string | undefined;
  const at = rest.indexOf("@");
  if (at !== -1) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST_RE.test(digest)) throw invalid();
    if (digest.startsWith("sha256:") && !/^sha256:[a-f0-9]{64}$/.test(digest)) throw invalid();
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(":");
  if (colon > rest.lastIndexOf("/")) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG_RE.test(tag)) throw invalid();
  }
  if (rest === "") throw invalid();
  const [domain, path] = splitDomain(rest);
  if (!DOMAIN_RE.test(domain)) throw invalid();
  if (!PATH_RE.test(path)) {
    if (PATH_RE.test(path.toLowerCase())) {
      throw invalid(`repository name (${path}) must be lowercase`);
    }
    throw invalid();
  }
  if (domain.length + 1 + path.length > MAX_NAME) {
    throw invalid(`repository name must not be more than ${MAX_NAME} characters`);
  }
  return { domain, path, tag: tag ?? (digest ? undefined : "latest"), digest };
}

/** `domain/path`, the fully qualified repository name. */
export function repositoryName(ref: Reference): string {
  return `${ref.domain}/${ref.path}`;
}

/** The fully qualified reference (`docker.io/library/alpine:latest`). */
export function formatReference(ref: Reference): string {
  return `${repositoryName(ref)}${suffix(ref)}`;
}

/** The short name Docker shows (`alpine`, `user/app`, `127.0.0.1:5000/app`). */
export function familiarName(ref: Reference): string {
  if (ref.domain !== DEFAULT_DOMAIN) return repositoryName(ref);
  const rest = ref.path.startsWith("library/") ? ref.path.slice("library/".length) : ref.path;
  return rest.includes("/") ? ref.path : rest;
}

/** The short reference Docker shows (`alpine:latest`, `app@sha256:…`). */
export function familiarString(ref: Reference): string {
  return `${familiarName(ref)}${suffix(ref)}`;
}

/** The address of the registry's API for a domain (`docker.io` is `registry-1.docker.io`). */
export function registryHost(domain: string): string {
  return domain === DEFAULT_DOMAIN ? "registry-1.docker.io" : domain;
}

function suffix(ref: Reference): string {
  return `${ref.tag ? `:${ref.tag}` : ""}${ref.digest ? `@${ref.digest}` : ""}`;
}
