/**
 * @module
 * The cache of heavy set-up artefacts, outside any clone: `${XDG_CACHE_HOME:-~/.cache}/sockerless`
 * (or `SOCKERLESS_CACHE`). Each entry is a folder named by what it holds and a digest of its
 * inputs or version, so a new version lands beside the old one and every clone reuses the same.
 * An entry is filled in a sibling folder and renamed into place, so one that exists is whole.
 */

/** The cache folder for this environment. */
export function cacheDir(env: (name: string) => string | undefined): string {
  const explicit = env("SOCKERLESS_CACHE");
  if (explicit) return explicit;
  const base = env("XDG_CACHE_HOME") || `${env("HOME") ?? "/root"}/.cache`;
  return `${base}/sockerless`;
}

/** The first 12 hex digits of the sha256 of `parts`, in order. */
export async function digestOf(...parts: (string | Uint8Array)[]): Promise<string> {
  const enc = new TextEncoder();
  const chunks = parts.map((p) => typeof p === "string" ? enc.encode(p) : p);
  const all = new Uint8Array(chunks.reduce((n, c) => n + c.length + 1, 0));
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.length + 1; // a zero between parts: ("ab","c") and ("a","bc") differ
  }
  const hash = new Uint8Array(await crypto.subtle.digest("SHA-256", all));
  return Array.from(hash.slice(0, 6), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Fills the cache entry `dir` through `fill(tmp)`; a concurrent run that got there first wins. */
export async function populate(dir: string, fill: (tmp: string) => Promise<void>): Promise<void> {
  const tmp = `${dir}.partial-${Deno.pid}`;
  await Deno.remove(tmp, { recursive: true }).catch(() => {});
  await Deno.mkdir(tmp, { recursive: true });
  try {
    await fill(tmp);
    await Deno.rename(tmp, dir);
  } catch (err) {
    await Deno.remove(tmp, { recursive: true }).catch(() => {});
    const raced = await Deno.stat(dir).then(() => true, () => false);
    if (!raced) throw err;
  }
}
