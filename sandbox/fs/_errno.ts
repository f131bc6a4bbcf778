/**
 * Errors as the C library reports them. The message has Node's shape with glibc's `strerror`
 * text, `EROFS: Read-only file system, open '/etc/app.conf'`, and the parts ride along as
 * properties. just-bash prints a failing command's error message verbatim
 * (`rm: cannot remove 'x': <message>`) and an interpreter error as a bare line, so
 * {@linkcode errnoText} cuts a command's message down to the text, as coreutils prints it, and
 * {@linkcode shellErrnoText} renders the bare line as busybox `sh` does
 * (`sh: can't create /etc/app.conf: Read-only file system`).
 *
 * @module
 */

const STRERROR: Record<string, string> = {
  EBUSY: "Device or resource busy",
  EEXIST: "File exists",
  EINVAL: "Invalid argument",
  EISDIR: "Is a directory",
  ENOENT: "No such file or directory",
  ENOTDIR: "Not a directory",
  EROFS: "Read-only file system",
  EACCES: "Permission denied",
  EPERM: "Operation not permitted",
  EXDEV: "Invalid cross-device link",
};

/** An errno-style error: `code`, `syscall` and the container `path` of the failure. */
export class ErrnoError extends Error {
  constructor(readonly code: string, readonly syscall: string, readonly path: string) {
    super(`${code}: ${STRERROR[code] ?? code}, ${syscall} '${path}'`);
    this.name = "ErrnoError";
  }

  /** The libc text alone (`Device or resource busy`). */
  get text(): string {
    return STRERROR[this.code] ?? this.code;
  }
}

/** Creates an error whose message is the libc text for `code` (`Read-only file system`). */
export function errnoError(code: string, syscall: string, path: string): ErrnoError {
  return new ErrnoError(code, syscall, path);
}

/** An {@linkcode ErrnoError} message inside a line; the text is capitalised, unlike Node's. */
const IN_LINE = /\bE[A-Z]+: ([A-Z][^,\n]*), \w+ '[^'\n]*'/g;
/** An {@linkcode ErrnoError} message alone on a line, as the interpreter prints one. */
const ALONE = /^E[A-Z]+: ([A-Z][^,\n]*), \w+ '(\/[^'\n]*)'$/gm;

/** A command's stderr with each errno message cut down to its text (`Read-only file system`). */
export function errnoText(stderr: string): string {
  return stderr.includes(", ") ? stderr.replace(IN_LINE, "$1") : stderr;
}

/** The interpreter's stderr with each bare errno line as busybox `sh` reports a redirection. */
export function shellErrnoText(stderr: string): string {
  return stderr.replace(ALONE, "sh: can't create $2: $1");
}
