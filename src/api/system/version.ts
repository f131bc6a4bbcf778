/**
 * @module
 * `GET /version`: the Sockerless server, its API range and the backend in use.
 */

import { MAX_API_VERSION, MIN_API_VERSION, SOCKERLESS_VERSION } from "../../version.ts";
import { defineHandler } from "../handler.ts";
import { json } from "../respond.ts";
import { hostFacts } from "./host.ts";

/** GET /version. */
export const systemVersion = defineHandler(
  "SystemVersion",
  "system.driver",
  ({ backend, capability }) => {
    const host = hostFacts();
    const engine = {
      Version: SOCKERLESS_VERSION,
      ApiVersion: MAX_API_VERSION,
      MinAPIVersion: MIN_API_VERSION,
      GitCommit: "sockerless",
      GoVersion: host.runtime,
      Os: "linux",
      Arch: host.goArch,
      KernelVersion: host.kernelVersion,
      BuildTime: "",
    };
    return json({
      Platform: { Name: `Sockerless (${backend.name} backend)` },
      Components: [
        {
          Name: "Engine",
          Version: SOCKERLESS_VERSION,
          Details: { ...engine, Experimental: "false" },
        },
        { Name: "Backend", Version: backend.name, Details: { Driver: capability.driver } },
      ],
      ...engine,
      Experimental: false,
    });
  },
);
