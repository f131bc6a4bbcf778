/**
 * @module
 * `docker rmi` and `docker image prune` with dockerd's rules: removing a name untags it, the
 * last name (or the id) deletes the image; an image used by a container is kept unless forced,
 * and never deleted while a running container uses it. Deleting an image also deletes its
 * untagged, unused parents that have no other child (unless `noprune`), as dockerd does.
 */

import { conflict } from "../errors.ts";
import { untilTime } from "../filter_match.ts";
import { parseShortReference, tagged } from "./reference.ts";
import type { ImageRecord, ImageStore } from "./store.ts";

/** A container using an image. */
export interface ImageUser {
  id: string;
  running: boolean;
}

/** One line of a removal's answer (`{"Untagged":…}` or `{"Deleted":…}`). */
export type DeleteItem = { Untagged: string } | { Deleted: string };

/** What removal needs besides the store. */
export interface RemoveContext {
  store: ImageStore;
  usersOf(imageId: string): ImageUser[];
  /** Publishes an image event (`untag`, `delete`). */
  event(action: "untag" | "delete", image: ImageRecord, name?: string): void;
}

type Filters = ReadonlyMap<string, readonly string[]>;

const short = (id: string) => id.replace(/^sha256:/, "").slice(0, 12);

/** True when `ref` names `image` by (a prefix of) its id. */
export function isIdReference(ref: string, image: ImageRecord): boolean {
  const hex = ref.replace(/^sha256:/, "");
  return /^[a-f0-9]{4,64}$/.test(hex) && image.id.slice(7).startsWith(hex);
}

function untag(ctx: RemoveContext, image: ImageRecord, tag: string, out: DeleteItem[]): void {
  image.repoTags = image.repoTags.filter((t) => t !== tag);
  out.push({ Untagged: tag });
  ctx.event("untag", image, tag);
}

function destroy(ctx: RemoveContext, image: ImageRecord, out: DeleteItem[]): void {
  for (const tag of [...image.repoTags]) untag(ctx, image, tag, out);
  for (const digest of image.repoDigests) out.push({ Untagged: digest });
  image.repoDigests = [];
  // Forced past stopped containers: they keep its files, as dockerd keeps its layers for them.
  if (ctx.usersOf(image.id).length > 0) ctx.store.retire(image);
  else ctx.store.delete(image.id);
  out.push({ Deleted: image.id });
  ctx.event("delete", image);
}

/** Deletes the parents of a deleted image that nothing else keeps: no tag, child or container. */
function pruneParents(ctx: RemoveContext, image: ImageRecord, out: DeleteItem[]): void {
  let parent = image.parent ? ctx.store.byId(image.parent) : undefined;
  while (parent && parent.repoTags.length === 0 && ctx.usersOf(parent.id).length === 0) {
    const id = parent.id;
    if ([...ctx.store.values()].some((img) => img.parent === id)) return;
    destroy(ctx, parent, out);
    parent = parent.parent ? ctx.store.byId(parent.parent) : undefined;
  }
}

/** Removes `ref` (a name or an id); answers what was untagged and deleted. */
export function removeImage(
  ctx: RemoveContext,
  ref: string,
  force: boolean,
  noprune = false,
): DeleteItem[] {
  const image = ctx.store.get(ref);
  const out = removeOne(ctx, ref, force);
  if (!noprune && !ctx.store.byId(image.id)) pruneParents(ctx, image, out);
  return out;
}

function removeOne(ctx: RemoveContext, ref: string, force: boolean): DeleteItem[] {
  const image = ctx.store.get(ref);
  const users = ctx.usersOf(image.id);
  const running = users.find((u) => u.running);
  const out: DeleteItem[] = [];
  if (!isIdReference(ref, image)) {
    const tag = tagged(parseShortReference(ref));
    if (image.repoTags.length > 1 || (users.length > 0 && force)) {
      untag(ctx, image, tag, out);
      return out;
    }
    if (users.length > 0) {
      throw conflict(
        `conflict: unable to remove repository reference "${ref}" (must force) - container ${
          short(users[0].id)
        } is using its referenced image ${short(image.id)}`,
      );
    }
    untag(ctx, image, tag, out);
    destroy(ctx, image, out);
    return out;
  }
  if (running) {
    throw conflict(
      `conflict: unable to delete ${
        short(image.id)
      } (cannot be forced) - image is being used by running container ${short(running.id)}`,
    );
  }
  if (!force && users.length > 0) {
    throw conflict(
      `conflict: unable to delete ${
        short(image.id)
      } (must be forced) - image is being used by stopped container ${short(users[0].id)}`,
    );
  }
  if (!force && image.repoTags.length > 1) {
    throw conflict(
      `conflict: unable to delete ${
        short(image.id)
      } (must be forced) - image is referenced in multiple repositories`,
    );
  }
  destroy(ctx, image, out);
  return out;
}

/**
 * Removes dangling images (or, with `dangling=false`, every unused one); `until` keeps the ones
 * created at or after that time, as dockerd reads it.
 */
export function pruneImages(ctx: RemoveContext, filters: Filters) {
  const all = filters.get("dangling")?.some((v) => v === "false" || v === "0") ?? false;
  const untils = (filters.get("until") ?? []).map(untilTime);
  const deleted: DeleteItem[] = [];
  let reclaimed = 0;
  for (const image of [...ctx.store.values()]) {
    if (!all && image.repoTags.length > 0) continue;
    if (ctx.usersOf(image.id).length > 0) continue;
    if (!untils.every((until) => Date.parse(image.created) < until)) continue;
    if (!matchesPruneLabels(filters, image.config.Labels ?? {})) continue;
    destroy(ctx, image, deleted);
    reclaimed += image.size;
  }
  return { ImagesDeleted: deleted, SpaceReclaimed: reclaimed };
}

function matchesPruneLabels(filters: Filters, labels: Record<string, string>): boolean {
  const has = (expr: string) => {
    const eq = expr.indexOf("=");
    return eq < 0 ? expr in labels : labels[expr.slice(0, eq)] === expr.slice(eq + 1);
  };
  return (filters.get("label") ?? []).every(has) &&
    !(filters.get("label!") ?? []).some(has);
}
