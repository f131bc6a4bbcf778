/**
 * @module
 * The tags of a repository (`GET /v2/<name>/tags/list`, following `Link` pages): what
 * `docker pull --all-tags` (a pull whose `fromImage` names no tag and whose `tag` is empty)
 * pulls, in the registry's order.
 */

import { type ClientOptions, RegistryClient } from "./client.ts";
import type { Reference } from "./reference.ts";
import { pullError, responseError } from "./registry_error.ts";

/** The target of a `Link: <…>; rel="next"` header, if the registry sent one. */
function nextPage(link: string | null): string | undefined {
  return link?.match(/<([^>]+)>\s*;\s*rel="?next"?/)?.[1];
}

/** Every tag of `ref`'s repository (its own tag or digest is ignored). */
export async function listTags(ref: Reference, options: ClientOptions = {}): Promise<string[]> {
  const client = new RegistryClient(ref.domain, options);
  const scope = `repository:${ref.path}:pull`;
  const tags: string[] = [];
  let target: string | undefined = `${ref.path}/tags/list`;
  while (target) {
    const res = await client.request("GET", target, { scope });
    if (!res.ok) throw pullError(await responseError(res), ref);
    const body = await res.json().catch(() => ({}));
    if (Array.isArray(body.tags)) tags.push(...body.tags.map(String));
    target = nextPage(res.headers.get("link"));
  }
  return tags;
}
