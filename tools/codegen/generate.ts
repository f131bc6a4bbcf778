/**
 * @module
 * Runs every emitter over one spec and returns the generated files by name, each with the
 * "do not edit" header. Pure: writing and comparing is the caller's business.
 */

import { emitChecks } from "./emit_checks.ts";
import { emitOperations, emitSchemas } from "./emit_operations.ts";
import { emitParams } from "./emit_params.ts";
import { emitTypes } from "./emit_types.ts";
import { operationModels } from "./model.ts";
import type { SwaggerDoc } from "./swagger.ts";
import { GENERATED_HEADER } from "./text.ts";

const MOD = `/**
 * @module
 * The Docker Engine API, generated from its spec: types of every definition, the operation
 * table, parameter parsers and schema checks.
 */

export * from "./operations.ts";
export * from "./params.ts";
export * from "./checks.ts";
export { definitions } from "./schemas.ts";
export type * as Types from "./types.ts";
`;

/** Generated file name → contents. */
export function generateFiles(doc: SwaggerDoc): Map<string, string> {
  const ops = operationModels(doc);
  const bodies: [string, string][] = [
    ["types.ts", emitTypes(doc, ops)],
    ["operations.ts", emitOperations(doc, ops)],
    ["schemas.ts", emitSchemas(doc)],
    ["params.ts", emitParams(ops)],
    ["checks.ts", emitChecks(doc, ops)],
    ["mod.ts", MOD],
  ];
  return new Map(bodies.map(([name, body]) => [name, GENERATED_HEADER + body]));
}
