/**
 * @module
 * Stand-in images: what a backend offers for docker.io references no registry can serve (the
 * memory backend's offline catalogue). The engine does not know how they are made; it asks the
 * source the backend gives it, and marks their layers so a restored image finds its tar again.
 */

import type { ImageRecord, LayerSource } from "./store.ts";

/** A stand-in layer as the image store saves it (its tar is generated, never on disk). */
export interface StandInLayer {
  diffId: string;
  size: number;
  /** The stand-in's repository (`alpine`). */
  catalogue: string;
}

/** Where stand-in images come from. */
export interface StandInSource {
  /** The stand-in for a docker.io `repository:tag` (familiar form), if there is one. */
  find(repository: string, tag: string): Promise<ImageRecord | undefined>;
  /** The tags it has of a repository (a pull of every tag), if it has the repository. */
  tags(repository: string): readonly string[] | undefined;
  /** A layer of a stand-in restored from disk. */
  layer(stored: StandInLayer): LayerSource;
}
