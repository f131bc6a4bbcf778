/**
 * @module
 * Dockerfile variable substitution: `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR:+alt}`, with
 * `\$` kept literal, over ENV and ARG values.
 */

/** ENV over ARG values of a build stage, for substitution and as RUN's environment. */
export function varsOf(
  state: { args: ReadonlyMap<string, string>; config: { Env: string[] } },
): Map<string, string> {
  const env = state.config.Env.map((e): [string, string] => {
    const eq = e.indexOf("=");
    return [e.slice(0, eq), e.slice(eq + 1)];
  });
  return new Map([...state.args, ...env]);
}

/** Substitutes variables in `text`. */
export function expand(text: string, vars: ReadonlyMap<string, string>): string {
  return text.replace(
    /\\\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::([-+])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (match, braced?: string, op?: string, word?: string, bare?: string) => {
      if (match === "\\$") return "$";
      const name = braced ?? bare!;
      const value = vars.get(name);
      if (op === "-") return value ? value : expand(word ?? "", vars);
      if (op === "+") return value ? expand(word ?? "", vars) : "";
      return value ?? "";
    },
  );
}

/** `KEY=value` pairs of ENV, LABEL and ARG (quotes and escapes removed), or `KEY value`. */
export function keyValues(text: string, legacy: boolean): [string, string][] {
  const out: [string, string][] = [];
  const re = /([^\s=]+)(?:=("(?:[^"\\]|\\.)*"|'[^']*'|(?:[^\s\\]|\\.)*))?/g;
  if (legacy && !/^\S+=/.test(text.trim())) {
    const [k, ...rest] = text.trim().split(/\s+/);
    return [[k, rest.join(" ")]];
  }
  for (const m of text.matchAll(re)) {
    const raw = m[2];
    let value: string | undefined;
    if (raw === undefined) value = undefined;
    else if (raw.startsWith('"')) value = raw.slice(1, -1).replace(/\\(.)/g, "$1");
    else if (raw.startsWith("'")) value = raw.slice(1, -1);
    else value = raw.replace(/\\(.)/g, "$1");
    out.push([m[1], value as string]);
  }
  return out;
}

/** An exec-form JSON array, or undefined for shell form. */
export function execForm(text: string): string[] | undefined {
  const t = text.trim();
  if (!t.startsWith("[")) return undefined;
  try {
    const list = JSON.parse(t);
    return Array.isArray(list) && list.every((x) => typeof x === "string") ? list : undefined;
  } catch {
    return undefined;
  }
}
