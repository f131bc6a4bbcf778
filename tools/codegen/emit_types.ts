/**
 * @module
 * Emits `types.ts`: one TypeScript type for every definition of the spec, and one
 * `<OperationId>Response` for every operation whose success body is an object the spec writes
 * inline (exec inspect, image prune, `/system/df`, ...), so backends can type those answers too.
 */

import type { OperationModel } from "./model.ts";
import { refName, type Schema, type SwaggerDoc } from "./swagger.ts";
import { docComment, propertyKey } from "./text.ts";

/** Renders the TypeScript type of a schema. */
export function tsType(schema: Schema | undefined): string {
  if (!schema) return "unknown";
  const base = baseType(schema);
  return schema["x-nullable"] ? `${wrap(base)} | null` : base;
}

function wrap(type: string): string {
  return /[|&]/.test(type) ? `(${type})` : type;
}

function baseType(schema: Schema): string {
  if (schema.$ref) return refName(schema.$ref);
  if (schema.allOf) {
    // Properties beside `allOf` extend it (NetworkInspect is Network plus Containers, Status).
    const own = schema.properties ? [objectType(schema)] : [];
    return [...schema.allOf.map((s) => wrap(tsType(s))), ...own].join(" & ");
  }
  if (schema.enum) return schema.enum.map((v) => JSON.stringify(v)).join(" | ");
  switch (schema.type) {
    case "string":
      return "string";
    case "integer":
    case "number":
      return "number";
    case "boolean":
      return "boolean";
    case "array":
      return `Array<${tsType(schema.items)}>`;
    case "object":
      return objectType(schema);
    default:
      return schema.properties ? objectType(schema) : "unknown";
  }
}

function objectType(schema: Schema): string {
  const props = Object.entries(schema.properties ?? {});
  const extra = schema.additionalProperties;
  const extraType = typeof extra === "object" ? tsType(extra) : "unknown";
  if (props.length === 0) return `Record<string, ${extraType}>`;
  const required = new Set(schema.required ?? []);
  const lines = props.map(([name, prop]) =>
    `${docComment(prop.description, "  ")}  ${propertyKey(name)}${required.has(name) ? "" : "?"}: ${
      tsType(prop)
    };`
  );
  if (extra) lines.push("  [key: string]: unknown;");
  return `{\n${lines.join("\n")}\n}`;
}

/** The first 2xx response's schema when it is an inline object with properties. */
function inlineSuccessSchema(op: OperationModel): Schema | undefined {
  const ok = op.responses.find((r) => r.status.startsWith("2"));
  const schema = ok?.schema;
  return schema && !schema.$ref && schema.properties ? schema : undefined;
}

function responseTypes(doc: SwaggerDoc, ops: readonly OperationModel[]): string[] {
  return ops.flatMap((op) => {
    const schema = inlineSuccessSchema(op);
    const name = `${op.operationId}Response`;
    if (!schema || name in doc.definitions) return [];
    const comment = docComment(`The success body of ${op.operationId} (inline in the spec).`, "");
    return [`${comment}export type ${name} = ${tsType(schema)};\n`];
  });
}

/** Emits the whole `types.ts` body. */
export function emitTypes(doc: SwaggerDoc, ops: readonly OperationModel[]): string {
  const definitions = Object.entries(doc.definitions).map(([name, schema]) =>
    `${docComment(schema.description, "")}export type ${name} = ${tsType(schema)};\n`
  );
  return [...definitions, ...responseTypes(doc, ops)].join("\n");
}
