/**
 * @module
 * Image invariants after a restart: every listed image is whole — it inspects, and `docker save`
 * of all of them streams every layer with the sha256 its config's `diff_ids` names (no partial
 * image or layer is listed); every acknowledged reference resolves to the acknowledged id and
 * layers, and a build's marker file is in its layers; removed references stay removed.
 */

import { unpackTar } from "modern-tar";
import type { CheckContext } from "./_check_context.ts";
import type { ImageFact } from "./_model.ts";

interface ManifestEntry {
  Config: string;
  Layers: string[];
}

async function sha256(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const hash = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return `sha256:${Array.from(hash, (b) => b.toString(16).padStart(2, "0")).join("")}`;
}

/** The saved archive of `ids`: per image id its layer tars, in order; violations on the way. */
async function savedLayers(
  cc: CheckContext,
  ids: string[],
  v: string[],
): Promise<Map<string, Uint8Array<ArrayBuffer>[]>> {
  if (!ids.length) return new Map();
  const query = ids.map((id) => `names=${encodeURIComponent(id)}`).join("&");
  const res = await cc.api.send("GET", `/images/get?${query}`);
  const files = new Map<string, Uint8Array<ArrayBuffer>>();
  for (const e of await unpackTar(new Uint8Array(await res.arrayBuffer()))) {
    if (e.data) files.set(e.header.name, e.data);
  }
  const manifest: ManifestEntry[] = JSON.parse(
    new TextDecoder().decode(files.get("manifest.json")),
  );
  const layers = new Map<string, Uint8Array<ArrayBuffer>[]>();
  for (const entry of manifest) {
    const config = JSON.parse(new TextDecoder().decode(files.get(entry.Config)));
    const id = await sha256(files.get(entry.Config)!);
    const tars = entry.Layers.map((name) => files.get(name));
    const diffIds: string[] = config.rootfs.diff_ids;
    for (const [i, tar] of tars.entries()) {
      if (!tar) v.push(`image ${id}: layer ${entry.Layers[i]} missing from its save`);
      else if (await sha256(tar) !== diffIds[i]) {
        v.push(`image ${id}: layer ${i} does not hash to its diff_id ${diffIds[i]}`);
      }
    }
    layers.set(id, tars.filter((t): t is Uint8Array<ArrayBuffer> => t !== undefined));
  }
  for (const id of ids) if (!layers.has(id)) v.push(`image ${id}: listed, missing from its save`);
  return layers;
}

async function holdsMarker(tars: Uint8Array<ArrayBuffer>[], marker: ImageFact["marker"]) {
  for (const tar of tars.toReversed()) {
    for (const e of await unpackTar(tar)) {
      if (e.header.name.replace(/^\.?\//, "") === marker!.path) {
        return new TextDecoder().decode(e.data ?? new Uint8Array()) === marker!.content;
      }
    }
  }
  return false;
}

/** Checks every image; answers the violations. */
export async function checkImages(cc: CheckContext): Promise<string[]> {
  const { api, model } = cc;
  const v: string[] = [];
  const listed = await api.json<{ Id: string; RepoTags: string[] | null }[]>(
    "GET",
    "/images/json?all=1",
  );
  const [layers] = await Promise.all([
    savedLayers(cc, listed.map((i) => i.Id), v),
    ...listed.map(async ({ Id }) => {
      if (!await api.find(`/images/${Id}/json`)) v.push(`image ${Id}: listed but not inspectable`);
    }),
  ]);
  model.count("imagesSavedWhole", listed.length);
  for (const images of [model.base, ...model.workers.map((w) => w.images)]) {
    for (const fact of [...images.values()]) {
      const info = await api.find<{ Id: string; RootFS: { Layers: string[] } }>(
        `/images/${fact.ref}/json`,
      );
      if (!info) {
        if (fact.exists === "yes") v.push(`image ${fact.ref}: acknowledged but gone`);
        images.delete(fact.ref);
        model.gone.images.add(fact.ref);
        continue;
      }
      if (fact.exists === "yes" && fact.id && info.Id !== fact.id) {
        v.push(`image ${fact.ref}: is ${info.Id}, acknowledged ${fact.id}`);
      }
      if (fact.diffIds && info.RootFS.Layers.join() !== fact.diffIds.join()) {
        v.push(`image ${fact.ref}: layers ${info.RootFS.Layers}, pushed ${fact.diffIds}`);
      }
      if (fact.marker && !await holdsMarker(layers.get(info.Id) ?? [], fact.marker)) {
        v.push(`image ${fact.ref}: its layers lost /${fact.marker.path} = ${fact.marker.content}`);
      }
      Object.assign(fact, { exists: "yes", id: info.Id });
      model.count("imageRefs");
    }
  }
  const tags = new Set(listed.flatMap((i) => i.RepoTags ?? []));
  for (const ref of model.gone.images) {
    if (tags.has(ref.includes(":") ? ref : `${ref}:latest`)) {
      v.push(`image ${ref}: removal acknowledged, listed again`);
    }
  }
  return v;
}
