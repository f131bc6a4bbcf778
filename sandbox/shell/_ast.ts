/**
 * Reading and building the just-bash AST nodes the script rewriter works with: literal words,
 * `$?`, simple-command statements and the `{ __sbx push …; cmd; __sbx pop $?; }` group.
 *
 * @module
 */

// The AST types are not exported in a convenient form; treat nodes structurally.
// deno-lint-ignore no-explicit-any
export type Node = any;

/** The text of a word made of literal and single-quoted parts only; undefined otherwise. */
export function literal(word: Node): string | undefined {
  if (!word?.parts) return undefined;
  let out = "";
  for (const part of word.parts) {
    if (part.type === "Literal") out += part.value;
    else if (part.type === "SingleQuoted") out += part.value;
    else return undefined;
  }
  return out;
}

/** A literal word. */
export function lit(value: string): Node {
  return { type: "Word", parts: [{ type: "Literal", value }] };
}

/** The word `$?`. */
export function statusWord(): Node {
  return { type: "Word", parts: [{ type: "ParameterExpansion", parameter: "?", operation: null }] };
}

/** A statement running the simple command `name args…`. */
export function commandStatement(name: string, args: Node[]): Node {
  return statementOf({
    type: "SimpleCommand",
    name: lit(name),
    args,
    assignments: [],
    redirections: [],
  });
}

/** A statement running `__sbx args…`, with `$?` last when `status`. */
export function sbxStatement(args: string[], status = false): Node {
  const words = args.map(lit);
  if (status) words.push(statusWord());
  return commandStatement("__sbx", words);
}

export function statementOf(command: Node): Node {
  return {
    type: "Statement",
    pipelines: [{
      type: "Pipeline",
      commands: [command],
      negated: false,
      timed: false,
      timePosix: false,
    }],
    operators: [],
    background: false,
  };
}

/** Runs `command` with its routing effects pushed, popping them with its status. */
export function wrap(command: Node, effects: string[]): Node {
  return {
    type: "Group",
    body: [
      sbxStatement(["push", effects.join(",")]),
      statementOf(command),
      sbxStatement(["pop"], true),
    ],
    redirections: [],
  };
}
