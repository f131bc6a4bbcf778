/**
 * @module
 * The daemon's event bus: every state change is published here and `/events` streams it. It keeps
 * a bounded history so `docker events --since` can replay what happened before it connected
 * (event_history.ts keeps it on disk across restarts).
 */

/** One event, in the shape of the API's EventMessage. */
export interface DockerEvent {
  Type: string;
  Action: string;
  Actor: { ID: string; Attributes: Record<string, string> };
  scope: "local" | "swarm";
  time: number;
  /** Nanoseconds since the epoch; a bigint because it does not fit a double exactly. */
  timeNano: bigint;
}

/** What a publisher gives; the bus stamps the time. */
export interface EventInput {
  Type: string;
  Action: string;
  id: string;
  attributes?: Record<string, string>;
}

type Listener = (event: DockerEvent) => void;

/** Number of past events kept for `since` replays. */
export const EVENT_HISTORY_LIMIT = 10_000;

/** A publish/subscribe bus with a bounded replay history. */
export class EventBus {
  readonly #history: DockerEvent[] = [];
  /** Saved events not parsed yet (they are read only if a replay asks for them). */
  #saved?: () => DockerEvent[];
  readonly #listeners = new Set<Listener>();
  #lastNano = 0n;

  /** Publishes an event to every subscriber and the history. */
  publish(input: EventInput): DockerEvent {
    const event = this.#stamp(input);
    this.#history.push(event);
    if (this.#history.length > EVENT_HISTORY_LIMIT) this.#history.shift();
    for (const listener of this.#listeners) listener(event);
    return event;
  }

  /** Past events, oldest first. */
  history(): readonly DockerEvent[] {
    if (this.#saved) {
      const saved = this.#saved();
      this.#saved = undefined;
      this.#history.unshift(...saved.slice(-EVENT_HISTORY_LIMIT));
      this.#history.splice(0, Math.max(0, this.#history.length - EVENT_HISTORY_LIMIT));
    }
    return this.#history;
  }

  /**
   * Puts saved events back before any published since, parsed by `load` on the first replay
   * (so start does not pay for them), and makes new stamps follow `lastNano`, the last saved
   * one's, so replays stay ordered across a restart.
   */
  restore(load: () => DockerEvent[], lastNano: bigint): void {
    this.#saved = load;
    if (lastNano > this.#lastNano) this.#lastNano = lastNano;
  }

  /** Calls `listener` for each new event until the returned function is called. */
  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** How many clients are listening (`NEventsListener` in /info). */
  get listenerCount(): number {
    return this.#listeners.size;
  }

  #stamp(input: EventInput): DockerEvent {
    // Nanosecond stamps must be strictly increasing so `since`/`until` replays are exact.
    let nano = BigInt(Date.now()) * 1_000_000n;
    if (nano <= this.#lastNano) nano = this.#lastNano + 1n;
    this.#lastNano = nano;
    return {
      Type: input.Type,
      Action: input.Action,
      Actor: { ID: input.id, Attributes: input.attributes ?? {} },
      scope: "local",
      time: Number(nano / 1_000_000_000n),
      timeNano: nano,
    };
  }
}

/** The wire JSON of an event (plus `extra` fields), with `timeNano` as an exact integer. */
export function eventJson(event: DockerEvent, extra: Record<string, string> = {}): string {
  const { timeNano, ...rest } = event;
  return JSON.stringify({ ...extra, ...rest, timeNano: "\0" }).replace(
    '"\\u0000"',
    timeNano.toString(),
  );
}
