/**
 * @module
 * Docker-style object ids (64 hex characters) and names.
 */

import { invalidParameter } from "./errors.ts";

/** A new random 64-hex-character id. */
export function newId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * dockerd's pattern with one deviation: the second character is optional, so one-letter names
 * (`--name w`) work. dockerd refuses them only because of a quirk of its regular expression
 * (moby/moby#16700); accepting more never breaks a client that works with dockerd.
 */
const NAME = /^\/?[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

/** Validates a container name; returns it without a leading slash. */
export function checkContainerName(name: string): string {
  if (!NAME.test(name)) {
    throw invalidParameter(
      `Invalid container name (${name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`,
    );
  }
  return name.replace(/^\//, "");
}

const ADJECTIVES = [
  "brave",
  "calm",
  "eager",
  "fervent",
  "gallant",
  "happy",
  "jolly",
  "keen",
  "lucid",
  "nifty",
  "quirky",
  "serene",
  "tender",
  "upbeat",
  "vibrant",
  "witty",
  "zealous",
  "bold",
  "clever",
  "dazzling",
];
const SURNAMES = [
  "turing",
  "hopper",
  "lovelace",
  "ritchie",
  "thompson",
  "torvalds",
  "liskov",
  "knuth",
  "dijkstra",
  "hamilton",
  "lamport",
  "perlman",
  "wozniak",
  "babbage",
  "noether",
  "curie",
  "shannon",
  "kay",
];

/** A random `adjective_surname` name like dockerd's. */
export function randomName(): string {
  const pick = <T>(xs: T[]) => xs[Math.floor(Math.random() * xs.length)];
  return `${pick(ADJECTIVES)}_${pick(SURNAMES)}`;
}
