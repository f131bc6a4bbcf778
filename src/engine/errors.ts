/**
 * @module
 * The daemon's one error model, re-exported for the engine and the API layer. It is defined in
 * `sandbox/errors.ts` because runtimes and the OCI client raise the same kinds, and simulators
 * (which may not import `src/`) share it.
 */

export * from "../../sandbox/errors.ts";
