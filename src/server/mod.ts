/**
 * @module
 * The server's public face: the App and the listeners that serve it.
 */

export { App, type AppOptions, COMMON_HEADERS, responseHeaders } from "./app.ts";
export { listen, type Listener } from "./listeners.ts";
export * from "./listen_spec.ts";
export { type ConformanceRecord, ConformanceRecorder } from "./conformance_recorder.ts";
export { verdictOf } from "./conformance.ts";
