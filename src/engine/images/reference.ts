/**
 * @module
 * The short form of image references the memory image store keys on: `alpine` →
 * `alpine:latest`, `docker.io/library/alpine` → `alpine:latest`.
 */

import { invalidParameter } from "../errors.ts";

/** A reference split into repository (familiar form) and tag or digest. */
export interface ShortReference {
  repository: string;
  tag?: string;
  digest?: string;
}

const REFERENCE =
  /^([a-z0-9]+(?:[._-][a-z0-9]+)*(?::\d+(?=\/))?(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*)(?::([\w][\w.-]{0,127}))?(?:@(sha256:[a-f0-9]{64}))?$/;

/** Parses a reference; a malformed one is dockerd's `invalid reference format`. */
export function parseShortReference(ref: string): ShortReference {
  const m = REFERENCE.exec(ref.replace(/^docker\.io\/(library\/)?|^index\.docker\.io\//, ""));
  if (!m) throw invalidParameter("invalid reference format");
  const repository = m[1].replace(/^library\//, "");
  if (!m[2] && !m[3]) return { repository, tag: "latest" };
  return { repository, tag: m[2], digest: m[3] };
}

/** `repository:tag` of a reference with a tag. */
export function tagged(ref: ShortReference): string {
  return `${ref.repository}:${ref.tag ?? "latest"}`;
}

/** The `repo[:tag]` that commit, import and tag name, as the store's `repository:tag`. */
export function targetOf(repo: string, tag?: string): string {
  return tagged(parseShortReference(tag ? `${repo}:${tag}` : repo));
}
