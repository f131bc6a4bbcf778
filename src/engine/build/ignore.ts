/**
 * @module
 * `.dockerignore`: patterns (`*`, `?`, `**`, `[...]`) matched against context paths, later lines
 * overriding earlier ones, `!` re-including. A directory excluded excludes what is under it.
 */

import type { BuildContext } from "./context.ts";

interface Rule {
  exclude: boolean;
  pattern: RegExp;
}

function toRegExp(pattern: string): RegExp {
  let re = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "*" && pattern[i + 1] === "*") {
      re += ".*";
      i++;
      if (pattern[i + 1] === "/") i++;
    } else if (c === "*") re += "[^/]*";
    else if (c === "?") re += "[^/]";
    else if (c === "[") {
      const end = pattern.indexOf("]", i);
      if (end < 0) re += "\\[";
      else {
        re += pattern.slice(i, end + 1);
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, "\\$&");
  }
  return new RegExp(`^${re}(/.*)?$`);
}

function clean(line: string): string {
  const parts = line.split("/").filter((p) => p !== "" && p !== ".");
  const out: string[] = [];
  for (const p of parts) p === ".." ? out.pop() : out.push(p);
  return out.join("/");
}

/** Parses `.dockerignore` text. */
function parseIgnore(text: string): Rule[] {
  const rules: Rule[] = [];
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (!line || line.startsWith("#")) continue;
    const exclude = !line.startsWith("!");
    const pattern = clean(exclude ? line : line.slice(1).trim());
    if (pattern) rules.push({ exclude, pattern: toRegExp(pattern) });
  }
  return rules;
}

/** Removes the excluded entries (the Dockerfile and `.dockerignore` are always kept). */
export function applyIgnore(context: BuildContext, text: string, keep: string[]): void {
  const rules = parseIgnore(text);
  if (rules.length === 0) return;
  for (const path of [...context.keys()]) {
    if (keep.includes(path)) continue;
    let excluded = false;
    for (const rule of rules) if (rule.pattern.test(path)) excluded = rule.exclude;
    if (excluded) context.delete(path);
  }
}
