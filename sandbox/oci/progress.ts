/**
 * @module
 * Typed progress events for pull and push, and their shape in Docker's newline-delimited JSON
 * (`{"status":"Downloading","progressDetail":{"current":1,"total":2},"progress":"[=> ]…","id":"…"}`).
 * The library emits events; the HTTP handler serialises them with `toJsonMessage`.
 */

/** A status for one layer, shown with `"progressDetail":{}` beside the layer's short id. */
export type LayerStatus =
  | "Pulling fs layer"
  | "Waiting"
  | "Verifying Checksum"
  | "Download complete"
  | "Pull complete"
  | "Already exists"
  | "Preparing"
  | "Pushed"
  | "Layer already exists";

/** One progress event of a pull or push. */
export type ProgressEvent =
  /** A line of its own (`Digest: sha256:…`), optionally with an id (`Pulling from …`). */
  | { kind: "status"; status: string; id?: string }
  /** A layer changed state. */
  | { kind: "layer"; status: LayerStatus; id: string }
  /** Bytes moved for a layer. */
  | {
    kind: "progress";
    status: "Downloading" | "Pushing";
    id: string;
    current: number;
    total: number;
  }
  /** The result of a push (`aux` in Docker's stream). */
  | { kind: "aux"; tag: string; digest: string; size: number };

/** Receives progress events; must not throw. */
export type ProgressHandler = (event: ProgressEvent) => void;

/** Docker's JSON message for one event. */
export interface JsonMessage {
  status?: string;
  id?: string;
  progressDetail?: { current?: number; total?: number };
  progress?: string;
  aux?: { Tag: string; Digest: string; Size: number };
}

/** The 12-hex-digit id Docker shows for a digest (`sha256:abc…` → `abc…`). */
export function shortId(digest: string): string {
  const hex = digest.includes(":") ? digest.slice(digest.indexOf(":") + 1) : digest;
  return hex.slice(0, 12);
}

/** Sizes as Docker's `units.HumanSize` prints them (`1.23MB`, decimal units). */
export function humanSize(bytes: number): string {
  const units = ["B", "kB", "MB", "GB", "TB", "PB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${Number(value.toPrecision(4))}${units[unit]}`;
}

/** Docker's progress bar: `[=====>      ]  1.2MB/3.4MB` (a 50-step bar, as dockerd renders it). */
export function progressBar(current: number, total: number): string {
  const numbers = `${humanSize(current).padStart(8)}/${humanSize(total)}`;
  if (total <= 0) return numbers;
  const done = Math.min(50, Math.floor(Math.floor((current / total) * 100) / 2));
  return `[${"=".repeat(done)}>${" ".repeat(50 - done)}] ${numbers}`;
}

/** Shapes an event as Docker's JSON message. */
export function toJsonMessage(event: ProgressEvent): JsonMessage {
  switch (event.kind) {
    case "status":
      return event.id === undefined
        ? { status: event.status }
        : { status: event.status, id: event.id };
    case "layer":
      return { status: event.status, progressDetail: {}, id: event.id };
    case "progress":
      return {
        status: event.status,
        progressDetail: { current: event.current, total: event.total },
        progress: progressBar(event.current, event.total),
        id: event.id,
      };
    case "aux":
      return {
        progressDetail: {},
        aux: { Tag: event.tag, Digest: event.digest, Size: event.size },
      };
  }
}

/**
 * A pass-through stream that reports bytes moved as `progress` events, at most every
 * `intervalMs` plus once at the end.
 */
export function progressStream(
  emit: ProgressHandler,
  status: "Downloading" | "Pushing",
  id: string,
  total: number,
  intervalMs = 100,
): TransformStream<Uint8Array, Uint8Array> {
  let current = 0;
  let last = 0;
  return new TransformStream({
    transform(chunk, controller) {
      current += chunk.byteLength;
      controller.enqueue(chunk);
      const now = performance.now();
      if (now - last >= intervalMs) {
        last = now;
        emit({ kind: "progress", status, id, current, total });
      }
    },
    flush() {
      emit({ kind: "progress", status, id, current, total });
    },
  });
}
