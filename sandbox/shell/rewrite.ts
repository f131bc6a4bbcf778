/**
 * Rewrites a script's AST so the sandbox can stream output. just-bash returns
 * a command's output to its caller when the command ends; the rewriter wraps
 * every pipe stage, redirected command and substitution in
 * `{ __sbx push <effects>; cmd; __sbx pop $?; }` so commands know at run time
 * whether their stdout/stderr reach the process streams (see `_io_state.ts`).
 * It also routes `trap` to the sandbox and runs path commands (`./x`,
 * `/bin/x.wasm`) through `__sbx exec` so `#!` scripts and WASI binaries work.
 * Every loop body starts with a checkpoint (`[ -e CHECKPOINT_PATH ]`, which
 * the process filesystem answers after pausing while frozen or yielding the
 * thread), so even a loop of builtins can be paused, signalled and accounted.
 *
 * @module
 */

import { parse, serialize } from "just-bash";
import {
  commandStatement,
  lit,
  literal,
  type Node,
  sbxStatement,
  statementOf,
  statusWord,
  wrap,
} from "./_ast.ts";
import { BUILTINS } from "./builtins.ts";

/** Result of {@linkcode rewriteScript}. */
export interface Rewritten {
  /** The rewritten script text. */
  script: string;
  /** Every function definition, re-serialised, so traps can call them. */
  functions: string;
  /** Names of those functions. */
  functionNames: string[];
}

const INPUT_OPS = new Set(["<", "<<", "<<-", "<<<", "<&", "<>"]);
const SHELL_CAPTURED = new Set(["eval"]);
/** `. file` and `source file` run the file rewritten (see `sourcedRewritten`). */
const SOURCES = new Set(["source", "."]);
/** Builtins whose prefix assignments may persist, so they get a group instead. */
const SPECIAL_BUILTINS = new Set([
  ...SHELL_CAPTURED,
  ...SOURCES,
  ":",
  "break",
  "continue",
  "exec",
  "exit",
  "export",
  "readonly",
  "return",
  "set",
  "shift",
  "times",
  "trap",
  "unset",
  "local",
  "declare",
  "typeset",
]);

/** The path whose existence test is a process checkpoint (see `process_fs.ts`). */
export const CHECKPOINT_PATH = "/proc/self/sbx-checkpoint";
// The path has no regular-expression metacharacters, so it goes into the pattern as it is.
const CHECKPOINT_TRACE = new RegExp(`^\\+ (?:! )?'\\[' -e ${CHECKPOINT_PATH} '\\]'\\n`, "gm");

/** Removes checkpoint lines from `set -x` trace output. */
export function hideCheckpoints(stderr: string): string {
  return stderr.includes(CHECKPOINT_PATH) ? stderr.replace(CHECKPOINT_TRACE, "") : stderr;
}

/** Variable through which a simple command learns its routing (see `registry.ts`). */
export const ROUTING_VAR = "__SBX_R";

/**
 * The checkpoint opening a loop body. It succeeds, as the condition of a
 * `while` did; in an `until` body it is negated to fail, as the condition did.
 */
function checkpointStatement(negated: boolean): Node {
  const statement = commandStatement("[", [lit("-e"), lit(CHECKPOINT_PATH), lit("]")]);
  statement.pipelines[0].negated = negated;
  return statement;
}

function redirectionEffects(redirections: Node[]): string[] {
  const out: string[] = [];
  for (const r of redirections ?? []) {
    const op: string = r.operator;
    if (op === "&>" || op === "&>>") {
      out.push("o=c", "e=c");
      continue;
    }
    const fd: number = r.fd ?? (INPUT_OPS.has(op) ? 0 : 1);
    if (fd === 0) {
      out.push("i=c");
      continue;
    }
    if (fd !== 1 && fd !== 2) continue;
    const name = fd === 1 ? "o" : "e";
    const target = op === ">&" ? literal(r.target) : undefined;
    if (target === String(fd)) continue;
    if (target === "1") out.push(`${name}=o`);
    else if (target === "2") out.push(`${name}=e`);
    else out.push(`${name}=c`);
  }
  return out;
}

/**
 * The file argument of `. file` as `<(__sbx source file)`: the builtin still runs it in the
 * current shell (variables, functions, `return`, arguments), but rewritten like any script, so
 * its output streams and its pipes and `exec 0<` redirections behave (gitlab-ci-local runs every
 * job as `. /gcl-cmd`). Only the process substitution's own output is captured.
 */
function sourcedRewritten(file: Node): Node {
  const body = {
    type: "Script",
    statements: [commandStatement("__sbx", [lit("source"), file])],
  };
  wrapScript(body, "o=c,i=c");
  return { type: "Word", parts: [{ type: "ProcessSubstitution", body, direction: "input" }] };
}

/** `<` or `0<` from `/dev/null`. */
function isNullInput(r: Node): boolean {
  return r.operator === "<" && (r.fd ?? 0) === 0 && literal(r.target) === "/dev/null";
}

/** Commands that can define functions or aliases the rewriter cannot see. */
const DYNAMIC = new Set(["source", ".", "eval", "alias"]);

/**
 * What the rewriter knows about names. With `known` set, a bare command that
 * is neither known, a builtin nor a function of the script runs through
 * `__sbx exec`, which finds it in PATH (so its script is rewritten too) or
 * reports `not found` at once.
 */
interface Names {
  known?: ReadonlySet<string>;
  functions: Set<string>;
  dynamic: boolean;
}

function collectNames(value: Node, names: Names): void {
  if (Array.isArray(value)) {
    for (const item of value) collectNames(item, names);
    return;
  }
  if (!value || typeof value !== "object") return;
  if (value.type === "FunctionDef") names.functions.add(value.name);
  if (value.type === "SimpleCommand") {
    const name = literal(value.name);
    if (name !== undefined && DYNAMIC.has(name)) names.dynamic = true;
  }
  for (const key of Object.keys(value)) collectNames(value[key], names);
}

function isPathLookup(name: string, names: Names): boolean {
  if (!names.known || names.dynamic || name === "" || name.includes("=")) return false;
  return !names.known.has(name) && !BUILTINS.has(name) && !names.functions.has(name);
}

/** Rewrites one pipe stage; returns the node that replaces it. */
function rewriteStage(cmd: Node, effects: string[], names: Names): Node {
  effects.push(...redirectionEffects(cmd.redirections));
  if (cmd.type === "SimpleCommand") {
    const name = literal(cmd.name);
    if (name !== undefined && SHELL_CAPTURED.has(name)) effects.push("o=c", "e=c");
    if (name !== undefined && SOURCES.has(name) && cmd.args.length > 0) {
      cmd.args[0] = sourcedRewritten(cmd.args[0]);
    }
    if (name === "trap") {
      cmd.name = lit("__sbx");
      cmd.args.unshift(lit("trap"));
    } else if (name !== undefined && (name.includes("/") || isPathLookup(name, names))) {
      cmd.name = lit("__sbx");
      cmd.args.unshift(lit("exec"), lit(name));
    }
  }
  if (effects.length === 0) return cmd;
  const name = cmd.type === "SimpleCommand" ? literal(cmd.name) : undefined;
  if (name === "exec" && cmd.args.length === 0) {
    // `exec >file` redirects the rest of the shell: the routing change is never popped.
    // just-bash keeps `exec 0</dev/null` as a persistent fd 0 that then replaces the input of
    // every later pipe stage (bash gives a stage its pipe). The captured input the routing
    // change gives is already empty, so that redirection is left to the routing alone.
    cmd.redirections = cmd.redirections.filter((r: Node) => !isNullInput(r));
    return {
      type: "Group",
      body: [statementOf(cmd), sbxStatement(["push", effects.join(",")])],
      redirections: [],
    };
  }
  const plain = cmd.type === "SimpleCommand" && cmd.name && (cmd.redirections ?? []).length === 0;
  if (!plain || name === undefined || SPECIAL_BUILTINS.has(name)) return wrap(cmd, effects);
  // A prefix assignment instead of a { group; } keeps binary output intact:
  // just-bash re-encodes a group's output as text. Redirected commands still
  // get a group: only there does just-bash turn a failed redirection into an
  // error status instead of aborting the whole script.
  cmd.assignments.push({
    type: "Assignment",
    name: ROUTING_VAR,
    value: lit(effects.join(",")),
    append: false,
    array: null,
  });
  return cmd;
}

/**
 * just-bash runs `exec cmd` and carries on; a shell replaces itself, so
 * nothing after it runs. `exec cmd` becomes `{ cmd; exit $?; }`, and a
 * computed command (`exec "$@"`) goes through `__sbx exec` to find it.
 */
function execReplaces(cmd: Node): boolean {
  if (cmd.type !== "SimpleCommand" || literal(cmd.name) !== "exec" || cmd.args.length === 0) {
    return false;
  }
  const target = cmd.args.shift();
  if (literal(target) === undefined) {
    cmd.name = lit("__sbx");
    cmd.args.unshift(lit("exec"), target);
  } else {
    cmd.name = target;
  }
  return true;
}

function exitWithStatus(): Node {
  return commandStatement("exit", [statusWord()]);
}

function rewritePipeline(pipeline: Node, names: Names): void {
  const commands: Node[] = pipeline.commands;
  if (commands.length === 1 && execReplaces(commands[0])) {
    const stage = rewriteStage(commands[0], [], names);
    commands[0] = { type: "Group", body: [statementOf(stage), exitWithStatus()], redirections: [] };
    return;
  }
  for (let i = 0; i < commands.length; i++) {
    const effects: string[] = [];
    if (i < commands.length - 1) {
      effects.push("o=c");
      if (pipeline.pipeStderr?.[i]) effects.push("e=o");
    }
    if (i > 0) effects.push("i=c");
    commands[i] = rewriteStage(commands[i], effects, names);
  }
}

function wrapScript(script: Node, effects: string): void {
  script.statements = [
    sbxStatement(["push", effects]),
    ...script.statements,
    sbxStatement(["pop"], true),
  ];
}

function visit(value: Node, functions: Node[], names: Names): void {
  if (Array.isArray(value)) {
    for (const item of value) visit(item, functions, names);
    return;
  }
  if (!value || typeof value !== "object") return;
  for (const key of Object.keys(value)) visit(value[key], functions, names);
  switch (value.type) {
    case "Pipeline":
      rewritePipeline(value, names);
      break;
    case "CommandSubstitution":
      wrapScript(value.body, "o=c");
      break;
    case "ProcessSubstitution":
      wrapScript(value.body, "o=c,i=c");
      break;
    case "FunctionDef":
      functions.push(value);
      break;
    case "While":
    case "Until":
    case "For":
    case "CStyleFor":
      value.body.unshift(checkpointStatement(value.type === "Until"));
      break;
  }
}

/**
 * Parses, rewrites and re-serialises a script. Throws on syntax errors.
 * `known` lists the registered command names and `outerFunctions` functions
 * defined elsewhere, such as for a trap action (see {@linkcode Names}).
 */
export function rewriteScript(
  source: string,
  known?: ReadonlySet<string>,
  outerFunctions: Iterable<string> = [],
): Rewritten {
  const ast = parse(source);
  const functions: Node[] = [];
  const names: Names = { known, functions: new Set(outerFunctions), dynamic: false };
  collectNames(ast, names);
  visit(ast, functions, names);
  const defs = functions.map((f) => serialize({ type: "Script", statements: [statementOf(f)] }));
  return {
    script: serialize(ast),
    functions: defs.join("\n"),
    functionNames: functions.map((f) => f.name),
  };
}
