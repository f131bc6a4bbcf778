/**
 * @module
 * The OCI distribution (registry) client: image references, registry credentials, pull and push
 * as streams with Docker-shaped progress events, `docker login` checks and layer digests. Shared
 * home of the daemon, the runtimes and the simulators (none may import `src/`): it imports
 * nothing but `../errors.ts`; callers unpack or produce layer tars.
 *
 * ```ts
 * const image = await pullImage("127.0.0.1:5000/app:v1", { onProgress: (e) => log(e) });
 * for (const layer of image.layers) await unpack(layer.open());
 * image.finish();
 * ```
 *
 * LIMITATIONS
 * - Layers: gzip and uncompressed tars only (zstd and foreign layers are NotImplemented);
 *   pushes write Docker v2 schema 2 manifests with gzip layers; schema 1 is not read.
 * - Uploads go in one streamed request (PUT, or PATCH then PUT); no resumable chunked uploads
 *   with `Content-Range`, no cross-repository blob mounts.
 * - Plain HTTP for loopback registries and `insecureRegistries`; HTTPS otherwise, with the
 *   runtime's trust store (no per-registry CA certificates yet).
 * - Layers are pushed one after another, not concurrently.
 */

export {
  basicAuthorization,
  type Challenge,
  decodeRegistryAuth,
  encodeRegistryAuth,
  parseChallenges,
  type RegistryAuth,
} from "./auth.ts";
export { type ClientOptions, RegistryClient } from "./client.ts";
export {
  type Digested,
  digestOf,
  digestStream,
  type Expected,
  sha256Digest,
  verifyingStream,
} from "./digest.ts";
export { diffIdStream, gzipStream, type LayerDigests, layerDigests } from "./layer_digest.ts";
export { loginDomain, type LoginResult, verifyCredentials } from "./login.ts";
export {
  type Descriptor,
  formatPlatform,
  type ImageManifest,
  type ManifestIndex,
  MediaType,
  parsePlatform,
  type Platform,
  platformMatches,
} from "./manifest.ts";
export {
  humanSize,
  type JsonMessage,
  type LayerStatus,
  progressBar,
  type ProgressEvent,
  type ProgressHandler,
  shortId,
  toJsonMessage,
} from "./progress.ts";
export { type PulledImage, type PulledLayer, pullImage, type PullOptions } from "./pull.ts";
export { pushImage, type PushLayer, type PushOptions, type PushResult } from "./push.ts";
export {
  DEFAULT_DOMAIN,
  familiarName,
  familiarString,
  formatReference,
  parseReference,
  type Reference,
  registryHost,
  repositoryName,
} from "./reference.ts";
export { RegistryError } from "./registry_error.ts";
export { listTags } from "./tags.ts";
export { gunzip, lazyStream } from "./_stream.ts";
export { addEntry, type TarEntry, tarOf } from "./tar_pack.ts";
