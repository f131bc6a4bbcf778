/**
 * @module
 * Signal names and numbers (Linux's), the vocabulary of the runtime port's `signal(name)`: the
 * engine checks and numbers what clients send (`docker kill -s`, `StopSignal`), runtimes
 * deliver it.
 */

const SIGNALS: Record<string, number> = {
  HUP: 1,
  INT: 2,
  QUIT: 3,
  KILL: 9,
  USR1: 10,
  USR2: 12,
  TERM: 15,
  CHLD: 17,
  CONT: 18,
  STOP: 19,
  WINCH: 28,
};

/** Normalises `-9`, `KILL`, `SIGKILL` or `9` to a signal name, or undefined. */
export function signalName(spec: string): string | undefined {
  const s = spec.replace(/^-/, "").toUpperCase().replace(/^SIG/, "");
  if (s in SIGNALS) return s;
  const n = Number(s);
  return Object.keys(SIGNALS).find((k) => SIGNALS[k] === n);
}

/** Signal number for a name (15 for unknown names). */
export function signalNumber(name: string): number {
  return SIGNALS[name] ?? 15;
}

/** Every signal name, in number order (`kill -l`). */
export function signalNames(): string[] {
  return Object.keys(SIGNALS);
}
