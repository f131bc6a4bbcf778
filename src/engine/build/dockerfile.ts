/**
 * @module
 * A Dockerfile as build steps, parsed by `npm:dockerfile-ast`: each instruction's keyword, flags
 * (`--from`, `--chown`, `--platform`), arguments and source line, grouped into stages by FROM.
 */

import { DockerfileParser } from "dockerfile-ast";
import { invalidParameter } from "../errors.ts";

/** One instruction. */
export interface Step {
  keyword: string;
  /** The instruction as written (continuations joined), for `Step n/m :` and cache keys. */
  text: string;
  /** Arguments after the flags, as written. */
  args: string;
  flags: Record<string, string>;
  /** 1-based line. */
  line: number;
}

/** One stage: FROM and what follows it. */
export interface Stage {
  from: Step;
  name?: string;
  steps: Step[];
}

/** A parsed Dockerfile: global ARGs before the first FROM, then the stages. */
export interface ParsedDockerfile {
  globalArgs: Step[];
  stages: Stage[];
}

/** The instructions the builder knows. */
export const KNOWN = new Set([
  "FROM",
  "RUN",
  "CMD",
  "LABEL",
  "MAINTAINER",
  "EXPOSE",
  "ENV",
  "ADD",
  "COPY",
  "ENTRYPOINT",
  "VOLUME",
  "USER",
  "WORKDIR",
  "ARG",
  "ONBUILD",
  "STOPSIGNAL",
  "HEALTHCHECK",
  "SHELL",
]);

function parseError(line: number, message: string): Error {
  return invalidParameter(`Dockerfile parse error line ${line}: ${message}`);
}

/** Parses instructions (a Dockerfile, or ONBUILD triggers) into steps. */
export function parseSteps(text: string): Step[] {
  const steps: Step[] = [];
  for (const instruction of DockerfileParser.parse(text).getInstructions()) {
    const keyword = instruction.getKeyword().toUpperCase();
    const line = instruction.getRange().start.line + 1;
    if (!KNOWN.has(keyword)) {
      throw parseError(line, `unknown instruction: ${instruction.getKeyword()}`);
    }
    const content = (instruction.getArgumentsContent() ?? "").trim();
    const flags: Record<string, string> = {};
    const written: string[] = [];
    const withFlags = instruction as unknown as {
      getFlags?: () => { getName(): string; getValue(): string | null }[];
    };
    for (const flag of withFlags.getFlags?.() ?? []) {
      flags[flag.getName()] = flag.getValue() ?? "true";
      written.push(
        flag.getValue() === null ? `--${flag.getName()}` : `--${flag.getName()}=${flag.getValue()}`,
      );
    }
    const args = content;
    if (args === "" && keyword !== "RUN") {
      throw parseError(line, `${keyword} requires at least one argument`);
    }
    const text = [keyword, ...written, content].join(" ");
    steps.push({ keyword, text, args, flags, line });
  }
  return steps;
}

/** Parses a Dockerfile into global ARGs and stages. */
export function parseDockerfile(text: string): ParsedDockerfile {
  const parsed: ParsedDockerfile = { globalArgs: [], stages: [] };
  for (const step of parseSteps(text)) {
    if (step.keyword === "FROM") {
      const m = /^(\S+)(?:\s+AS\s+(\S+))?\s*$/i.exec(step.args);
      if (!m) throw parseError(step.line, `FROM requires either one or three arguments`);
      parsed.stages.push({ from: { ...step, args: m[1] }, name: m[2]?.toLowerCase(), steps: [] });
    } else if (parsed.stages.length === 0) {
      if (step.keyword !== "ARG") {
        throw parseError(step.line, "no build stage in current context");
      }
      parsed.globalArgs.push(step);
    } else parsed.stages[parsed.stages.length - 1].steps.push(step);
  }
  if (parsed.stages.length === 0) {
    throw invalidParameter("the Dockerfile (Dockerfile) cannot be empty");
  }
  return parsed;
}
