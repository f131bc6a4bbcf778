/**
 * GNU argument order for just-bash commands whose parsers stop at the first operand. GNU getopt
 * permutes: `chmod a+rw -R dir` is `chmod -R a+rw dir` (gitlab-ci-local's helper container runs
 * exactly that), while just-bash's chmod read `-R` as a file name.
 *
 * @module
 */

/** Options each command accepts after its operands, as GNU getopt would find them. */
const LATE_OPTIONS: Record<string, RegExp> = {
  // chmod's own mode operands may start with "-" (`chmod -w f`): only these are options.
  chmod: /^(-[Rv]+|--recursive|--verbose)$/,
};

/** `args` with late options moved before the first operand (nothing moves past `--`). */
export function permuteOptions(name: string, args: string[]): string[] {
  const late = LATE_OPTIONS[name];
  if (!late) return args;
  const end = args.indexOf("--");
  const head = end < 0 ? args : args.slice(0, end);
  const tail = end < 0 ? [] : args.slice(end);
  const firstOperand = head.findIndex((a) => !late.test(a));
  if (firstOperand < 0) return args;
  const moved = head.slice(firstOperand).filter((a) => late.test(a));
  if (moved.length === 0) return args;
  const operands = head.slice(firstOperand).filter((a) => !late.test(a));
  return [...head.slice(0, firstOperand), ...moved, ...operands, ...tail];
}
