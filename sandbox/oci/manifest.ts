/**
 * @module
 * Manifests: Docker v2 schema 2 and OCI image manifests, Docker manifest lists and OCI indexes,
 * with platform selection (`linux/amd64` unless asked otherwise) as Docker does it.
 */

import { DockerError, invalidParameter } from "../errors.ts";

/** Media types this library reads and writes. */
export const MediaType = {
  dockerManifest: "application/vnd.docker.distribution.manifest.v2+json",
  dockerList: "application/vnd.docker.distribution.manifest.list.v2+json",
  dockerConfig: "application/vnd.docker.container.image.v1+json",
  dockerLayerGzip: "application/vnd.docker.image.rootfs.diff.tar.gzip",
  ociManifest: "application/vnd.oci.image.manifest.v1+json",
  ociIndex: "application/vnd.oci.image.index.v1+json",
  ociConfig: "application/vnd.oci.image.config.v1+json",
  ociLayer: "application/vnd.oci.image.layer.v1.tar",
  ociLayerGzip: "application/vnd.oci.image.layer.v1.tar+gzip",
} as const;

/** The `Accept` header of a manifest request. */
export const MANIFEST_ACCEPT = [
  MediaType.dockerManifest,
  MediaType.dockerList,
  MediaType.ociManifest,
  MediaType.ociIndex,
].join(", ");

/** A content descriptor. */
export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  platform?: Platform;
}

/** An image manifest (Docker schema 2 or OCI). */
export interface ImageManifest {
  schemaVersion: 2;
  mediaType?: string;
  config: Descriptor;
  layers: Descriptor[];
}

/** A manifest list or OCI index. */
export interface ManifestIndex {
  schemaVersion: 2;
  mediaType?: string;
  manifests: Descriptor[];
}

/** An operating system and architecture, with optional variant (`linux/arm64/v8`). */
export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}

/** Parses `os/arch[/variant]`; an empty string means `linux/amd64`. */
export function parsePlatform(text: string | undefined): Platform {
  if (!text) return { os: "linux", architecture: "amd64" };
  const [os, architecture, variant, extra] = text.toLowerCase().split("/");
  if (!os || !architecture || extra !== undefined) {
    throw invalidParameter(`invalid platform: ${text}: expected os/arch[/variant]`);
  }
  return variant ? { os, architecture, variant } : { os, architecture };
}

/** `linux/arm64/v8`. */
export function formatPlatform(p: Platform): string {
  return [p.os, p.architecture, p.variant].filter(Boolean).join("/");
}

function defaultVariant(p: Platform): string | undefined {
  if (p.variant) return p.variant;
  if (p.architecture === "arm64") return "v8";
  if (p.architecture === "arm") return "v7";
  return undefined;
}

/** Whether a descriptor's platform matches the wanted one (variants as containerd compares). */
export function platformMatches(have: Platform | undefined, want: Platform): boolean {
  if (!have || have.os !== want.os || have.architecture !== want.architecture) return false;
  return defaultVariant(have) === defaultVariant(want);
}

/** Picks the manifest for a platform from an index, or throws NotFound in dockerd's words. */
export function selectPlatform(index: ManifestIndex, want: Platform, name: string): Descriptor {
  const found = index.manifests.find((d) => platformMatches(d.platform, want)) ??
    (want.variant
      ? undefined
      : index.manifests.find((d) =>
        d.platform?.os === want.os && d.platform.architecture === want.architecture
      ));
  if (!found) {
    throw new DockerError(
      "NotFound",
      `no matching manifest for ${formatPlatform(want)} in the manifest list entries: ${name}`,
    );
  }
  return found;
}

/** Whether a media type (from the body or the Content-Type) names an index. */
export function isIndex(mediaType: string | undefined, body: Record<string, unknown>): boolean {
  return mediaType === MediaType.dockerList || mediaType === MediaType.ociIndex ||
    (mediaType === undefined && Array.isArray(body.manifests));
}

function isDescriptor(value: unknown): value is Descriptor {
  const d = value as Descriptor;
  return !!d && typeof d.digest === "string" && typeof d.size === "number" &&
    typeof d.mediaType === "string";
}

/** Parses manifest bytes into an index or an image manifest, checking their shape. */
export function parseManifest(
  bytes: Uint8Array,
  contentType: string | null,
): { kind: "index"; index: ManifestIndex } | { kind: "image"; manifest: ImageManifest } {
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new DockerError("System", "invalid manifest: not JSON");
  }
  if (body.schemaVersion !== 2) {
    throw new DockerError(
      "InvalidParameter",
      `unsupported manifest schema version ${body.schemaVersion}`,
    );
  }
  const mediaType = (body.mediaType as string | undefined) ??
    contentType?.split(";")[0].trim() ?? undefined;
  if (isIndex(mediaType, body)) {
    const manifests = body.manifests;
    if (!Array.isArray(manifests) || !manifests.every(isDescriptor)) {
      throw new DockerError("System", "invalid manifest list: bad descriptors");
    }
    return { kind: "index", index: body as unknown as ManifestIndex };
  }
  const { config, layers } = body;
  if (!isDescriptor(config) || !Array.isArray(layers) || !layers.every(isDescriptor)) {
    throw new DockerError("System", "invalid manifest: bad config or layer descriptors");
  }
  return { kind: "image", manifest: body as unknown as ImageManifest };
}

/** Whether a layer media type is gzip-compressed; throws for types this library cannot read. */
export function layerIsGzip(mediaType: string): boolean {
  if (mediaType === MediaType.dockerLayerGzip || mediaType === MediaType.ociLayerGzip) return true;
  if (mediaType === MediaType.ociLayer) return false;
  throw new DockerError("NotImplemented", `unsupported layer media type ${mediaType}`);
}
