/**
 * @module
 * Durations in words, as Docker prints them in `docker ps` ("Up 3 seconds", "Exited (0) About a
 * minute ago"): the rules of go-units' HumanDuration.
 */

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A duration in words, e.g. `3 seconds`, `About an hour`, `2 weeks`. */
export function humanDuration(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s < 1) return "Less than a second";
  if (s === 1) return "1 second";
  if (s < MINUTE) return `${s} seconds`;
  const minutes = Math.floor(s / MINUTE);
  if (minutes === 1) return "About a minute";
  if (minutes < 60) return `${minutes} minutes`;
  const hours = Math.round(s / HOUR);
  if (hours === 1) return "About an hour";
  if (hours < 48) return `${hours} hours`;
  if (s < 7 * DAY * 2) return `${Math.floor(s / DAY)} days`;
  if (s < 30 * DAY * 3) return `${Math.floor(s / (7 * DAY))} weeks`;
  if (s < 365 * DAY * 2) return `${Math.floor(s / (30 * DAY))} months`;
  return `${Math.floor(s / (365 * DAY))} years`;
}
