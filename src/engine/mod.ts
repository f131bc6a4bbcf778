/**
 * @module
 * The engine's public face: the Backend interface, the error model, the event bus and the
 * registry credentials handlers decode.
 */

export * from "./backend.ts";
export * from "./errors.ts";
export * from "./events.ts";
export * from "./containers/backend.ts";
export * from "./networks/backend.ts";
export * from "./plugins/backend.ts";
export * from "./volumes/backend.ts";
export * from "./logs.ts";
export * from "./stdcopy.ts";
export { decodeRegistryAuth, type RegistryAuth } from "../../sandbox/oci/mod.ts";
