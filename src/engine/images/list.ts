/**
 * @module
 * `docker images` filters: dangling, label, reference (glob on `repo` or `repo:tag`), before and
 * since (images created before or after another image).
 */

import type { ImageRecord, ImageStore } from "./store.ts";

type Filters = ReadonlyMap<string, readonly string[]>;

function glob(pattern: string): RegExp {
  const body = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[^/]*").replace(
    /\?/g,
    "[^/]",
  );
  return new RegExp(`^${body}$`);
}

function tagMatches(patterns: readonly string[], tag: string): boolean {
  return patterns.some((p) => {
    const re = glob(p);
    return re.test(tag) || re.test(tag.slice(0, tag.lastIndexOf(":")));
  });
}

function matchesReference(patterns: readonly string[], image: ImageRecord): boolean {
  return image.repoTags.some((t) => tagMatches(patterns, t));
}

/** The tags `docker images` shows: with a reference filter, only the matching ones. */
export function visibleTags(filters: Filters, image: ImageRecord): string[] {
  const reference = filters.get("reference");
  return reference ? image.repoTags.filter((t) => tagMatches(reference, t)) : image.repoTags;
}

/**
 * The digests `docker images` shows: with a reference filter, only those of a matching
 * repository, as dockerd (else the CLI prints an extra `repo:<none>` row for each).
 */
export function visibleDigests(filters: Filters, image: ImageRecord): string[] {
  const reference = filters.get("reference");
  if (!reference) return image.repoDigests;
  return image.repoDigests.filter((d) => {
    const repo = d.slice(0, d.indexOf("@"));
    return reference.some((p) => glob(p).test(repo) || glob(p).test(d));
  });
}

function matchesLabel(exprs: readonly string[], labels: Record<string, string>): boolean {
  return exprs.every((expr) => {
    const eq = expr.indexOf("=");
    return eq < 0 ? expr in labels : labels[expr.slice(0, eq)] === expr.slice(eq + 1);
  });
}

/** The images matching `filters`, newest first. */
export function filterImages(store: ImageStore, filters: Filters): ImageRecord[] {
  const time = (img: ImageRecord) => Date.parse(img.created);
  const before = filters.get("before")?.map((r) => time(store.get(r)));
  const since = filters.get("since")?.map((r) => time(store.get(r)));
  const dangling = filters.get("dangling");
  return [...store.values()].filter((img) => {
    if (
      dangling && dangling.some((v) => v === "true" || v === "1") !== (img.repoTags.length === 0)
    ) {
      return false;
    }
    const reference = filters.get("reference");
    if (reference && !matchesReference(reference, img)) return false;
    const label = filters.get("label");
    if (label && !matchesLabel(label, img.config.Labels ?? {})) return false;
    if (before && !before.every((t) => time(img) < t)) return false;
    if (since && !since.every((t) => time(img) > t)) return false;
    return true;
  }).sort((a, b) => time(b) - time(a));
}
