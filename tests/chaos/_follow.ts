/**
 * @module
 * A log follower (`GET /containers/{id}/logs?follow=1`) for a running counter: every complete
 * line it reads is acknowledged, so it extends the container's `lines`. A line that differs from
 * one already acknowledged is a violation at once. When the stream ends while the daemon lives,
 * the run has ended; without a restart policy its logs are then complete and must stay so.
 */

import type { Api } from "./_api.ts";
import type { ContainerFact } from "./_model.ts";

/** Splits a multiplexed byte stream into stdout text, frame by frame as it arrives. */
class Demux {
  #pending = new Uint8Array(0);
  #decoder = new TextDecoder();

  push(chunk: Uint8Array): string {
    const joined = new Uint8Array(this.#pending.byteLength + chunk.byteLength);
    joined.set(this.#pending);
    joined.set(chunk, this.#pending.byteLength);
    let at = 0;
    let out = "";
    while (at + 8 <= joined.byteLength) {
      const size = new DataView(joined.buffer, at + 4, 4).getUint32(0);
      if (at + 8 + size > joined.byteLength) break;
      if (joined[at] === 1) out += this.#decoder.decode(joined.subarray(at + 8, at + 8 + size));
      at += 8 + size;
    }
    this.#pending = joined.slice(at);
    return out;
  }
}

/** Follows `c`'s logs until the stream ends; `acked` hears of each new line, `complain` of a changed one. */
export async function followLogs(
  api: Api,
  c: ContainerFact,
  hooks: { killed(): boolean; acked(): void; complain(message: string): void },
): Promise<void> {
  const { killed, complain } = hooks;
  const generation = c.generation;
  const current = () => c.generation === generation && c.exists === "yes";
  const res = await api.send("GET", `/containers/${c.id ?? c.name}/logs?follow=1&stdout=1`);
  const demux = new Demux();
  let text = "";
  let seen = 0;
  for await (const chunk of res.body!) {
    text += demux.push(chunk);
    let nl: number;
    while ((nl = text.indexOf("\n")) >= 0) {
      const line = text.slice(0, nl);
      text = text.slice(nl + 1);
      if (!current()) return;
      if (seen < c.lines.length) {
        if (c.lines[seen] !== line) {
          complain(`${c.name}: log line ${seen} read as ${line}, acknowledged as ${c.lines[seen]}`);
          return;
        }
      } else {
        c.lines.push(line);
        hooks.acked();
      }
      seen++;
    }
  }
  // Only without a restart policy is the end of a run the end of the log: `always` starts
  // again even a container killed by hand (an rm -f cut short) at the next daemon start.
  const ended = !killed() && current() && seen === c.lines.length && text === "";
  if (ended && c.restart === "no") c.exactLogs = true;
}
