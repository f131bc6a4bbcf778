/**
 * @module
 * The API shapes of an image: inspect, summary (`docker images`) and history.
 */

import type { Types } from "../../../generated/docker/mod.ts";
import type { ImageRecord } from "./store.ts";

/**
 * What `docker image inspect` answers: the spec's shape plus `Parent` and `DockerVersion`,
 * which v1.52 dropped from the spec but dockerd still sends and older clients read.
 */
export type ImageInspectView = Types.ImageInspect & { Parent: string; DockerVersion: string };

/** `docker image inspect`. */
export function inspectView(img: ImageRecord): ImageInspectView {
  return {
    Id: img.id,
    RepoTags: img.repoTags,
    RepoDigests: img.repoDigests,
    Parent: img.parent ?? "",
    Comment: img.comment ?? "",
    Created: img.created,
    DockerVersion: "",
    Author: img.author ?? "",
    Config: Object.fromEntries(Object.entries(img.config).filter(([, v]) => v !== null)),
    Architecture: img.architecture,
    Os: img.os,
    Size: img.size,
    GraphDriver: { Name: "memory", Data: {} },
    RootFS: { Type: "layers", Layers: img.layers.map((l) => l.diffId) },
    Metadata: { LastTagTime: img.lastTagTime ?? img.created },
  };
}

/** `docker images`' summary of an image; `containers` is -1 when not counted, as dockerd. */
export function imageSummary(img: ImageRecord, containers = -1): Types.ImageSummary {
  return {
    Id: img.id,
    ParentId: img.parent ?? "",
    RepoTags: img.repoTags,
    RepoDigests: img.repoDigests,
    Created: Math.floor(Date.parse(img.created) / 1000),
    Size: img.size,
    SharedSize: containers < 0 ? -1 : 0,
    Labels: img.config.Labels ?? {},
    Containers: containers,
  };
}

/** `docker history`: newest step first; only the top step carries the image id and tags. */
export function historyView(img: ImageRecord): Types.ImageHistoryResponseItem[] {
  const steps = img.history.length ? img.history : [{ created: img.created, created_by: "" }];
  let layer = 0;
  const rows = steps.map((h): Types.ImageHistoryResponseItem => {
    const empty = h.empty_layer === true;
    const size = empty ? 0 : img.layers[layer++]?.size ?? 0;
    return {
      Id: "<missing>",
      Created: Math.floor(Date.parse(String(h.created ?? img.created)) / 1000) || 0,
      CreatedBy: String(h.created_by ?? ""),
      Tags: [],
      Size: size,
      Comment: String(h.comment ?? ""),
    };
  }).reverse();
  rows[0].Id = img.id;
  rows[0].Tags = img.repoTags;
  return rows;
}
