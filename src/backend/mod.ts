/**
 * @module
 * The backend layer's public face: the Backend interface, the error model and the event bus.
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
