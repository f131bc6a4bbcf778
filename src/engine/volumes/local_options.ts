/**
 * @module
 * The `local` driver's options (`docker volume create -o`), checked as dockerd checks them. The
 * memory backend mounts host directories only: `type=none,o=bind,device=/path` (compose's bind
 * volumes) mounts that directory, `type=tmpfs` is a plain directory (its content outlives the
 * containers, unlike a tmpfs), and other filesystem types (nfs, cifs, ...) are a 501 rather
 * than an empty directory posing as the remote share.
 */

import { DockerError, invalidParameter } from "../errors.ts";

const VALID = new Set(["type", "o", "device", "size"]);
const MANDATORY: Record<string, string[]> = {
  device: ["type"],
  type: ["device"],
  o: ["device", "type"],
};

/** The host directory of a bind volume (`type=none`, `o=bind`), else undefined. */
export function bindDevice(options: Record<string, string>): string | undefined {
  const bind = (options.o ?? "").split(",").some((o) => o === "bind" || o === "rbind");
  return options.type === "none" && bind ? options.device : undefined;
}

/** Throws dockerd's 400 for invalid options, and the memory backend's 501 for remote types. */
export function checkLocalOptions(options: Record<string, string>): void {
  for (const key of Object.keys(options)) {
    if (!VALID.has(key)) throw invalidParameter(`invalid option: "${key}"`);
  }
  for (const [key, required] of Object.entries(MANDATORY)) {
    if (!(key in options)) continue;
    for (const r of required) {
      if (!(r in options)) throw invalidParameter(`missing required option: "${r}"`);
    }
  }
  if (options.size) throw invalidParameter("quota size requested but no quota support");
  const type = options.type;
  if (type === undefined || type === "tmpfs" || bindDevice(options) !== undefined) return;
  throw new DockerError(
    "NotImplemented",
    `volume type ${type} with o=${options.o ?? ""} is not supported by the memory backend: it ` +
      "mounts host directories only (type=none with o=bind, or tmpfs)",
  );
}
