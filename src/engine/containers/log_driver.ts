/**
 * @module
 * Log drivers on the memory backend. Container output is kept in the daemon's memory and read
 * back by `docker logs`: the `json-file` and `local` drivers (and `none`, which keeps nothing
 * readable) describe that. Drivers that ship output elsewhere (syslog, gelf, fluentd, awslogs,
 * ...) are refused at create with a 501 rather than accepted while nothing is shipped; a name
 * no dockerd knows is its 400.
 */

import { DockerError, invalidParameter } from "../errors.ts";

const KEPT = new Set(["", "json-file", "local", "none"]);
const SHIPPING = new Set([
  "syslog",
  "journald",
  "gelf",
  "fluentd",
  "awslogs",
  "splunk",
  "etwlogs",
  "gcplogs",
  "logentries",
]);

/** Checks a create request's log driver. */
export function checkLogDriver(type: string | undefined): void {
  const name = type ?? "";
  if (KEPT.has(name)) return;
  if (!SHIPPING.has(name)) {
    throw invalidParameter(`logger: no log driver named '${name}' is registered`);
  }
  throw new DockerError(
    "NotImplemented",
    `log driver ${name} is not supported by the memory backend: container output stays in the ` +
      "daemon (json-file, local or none)",
  );
}

/** dockerd's answer to `docker logs` of a container whose driver keeps nothing readable. */
export function checkLogsReadable(type: string | undefined): void {
  if (type === "none") {
    throw new DockerError("NotImplemented", "configured logging driver does not support reading");
  }
}
