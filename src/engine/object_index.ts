/**
 * @module
 * Finds objects the way dockerd does: by full id, by name, or by a unique id prefix. Shared by
 * containers, execs, networks and volumes.
 */

import { conflict, invalidParameter, notFound } from "./errors.ts";

/** Something with an id and an optional unique name. */
export interface Named {
  id: string;
  name?: string;
}

/** An index of objects by id and name. */
export class ObjectIndex<T extends Named> {
  readonly #byId = new Map<string, T>();
  readonly #byName = new Map<string, T>();

  constructor(
    /** How the kind is named in errors: `container` → "No such container: x". */
    readonly kind: string,
  ) {}

  /** Adds an object; a taken name is a 409 conflict naming the holder. */
  add(obj: T): void {
    if (obj.name !== undefined) this.#claim(obj.name, obj);
    this.#byId.set(obj.id, obj);
  }

  /** Removes an object (by its id). */
  delete(obj: T): void {
    this.#byId.delete(obj.id);
    if (obj.name !== undefined && this.#byName.get(obj.name) === obj) this.#byName.delete(obj.name);
  }

  /** Gives an object a new name; a taken name is a 409 conflict. */
  rename(obj: T, name: string): void {
    // Claiming its own name and then releasing the old one would drop it from the index.
    if (obj.name === name) return;
    this.#claim(name, obj);
    if (obj.name !== undefined) this.#byName.delete(obj.name);
    obj.name = name;
  }

  /** Throws the 409 a taken name gets, before any work is done for a new object. */
  checkNameFree(name: string): void {
    this.#claim(name, undefined, false);
  }

  #claim(name: string, obj: T | undefined, take = true): void {
    const holder = this.#byName.get(name);
    if (holder && holder !== obj) {
      throw conflict(
        `Conflict. The ${this.kind} name "/${name}" is already in use by ${this.kind} "${holder.id}". ` +
          `You have to remove (or rename) that ${this.kind} to be able to reuse that name.`,
      );
    }
    if (take && obj) this.#byName.set(name, obj);
  }

  /** The object for an id, name or unique id prefix, or undefined. Ambiguity is a 400. */
  find(ref: string): T | undefined {
    const exact = this.#byId.get(ref) ?? this.#byName.get(ref.replace(/^\//, ""));
    if (exact || ref === "") return exact;
    let found: T | undefined;
    for (const [id, obj] of this.#byId) {
      if (!id.startsWith(ref)) continue;
      if (found) throw invalidParameter(`multiple IDs found with provided prefix: ${ref}`);
      found = obj;
    }
    return found;
  }

  /** Like `find`, but a missing object is dockerd's 404 `No such <kind>: <ref>`. */
  get(ref: string): T {
    const obj = this.find(ref);
    if (!obj) throw notFound(`No such ${this.kind}: ${ref}`);
    return obj;
  }

  /** All objects, in insertion order. */
  values(): IterableIterator<T> {
    return this.#byId.values();
  }

  get size(): number {
    return this.#byId.size;
  }
}
