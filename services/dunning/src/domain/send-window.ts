import { instantOfLocal, localParts } from '@dunning/contracts';

/** Business hours in which notices go out, in the customer's own time zone. */
export interface SendWindow {
  /** Local hour the window opens (inclusive), 0-23. */
  startHour: number;
  /** Local hour the window closes (exclusive), 1-24. */
  endHour: number;
  /** ISO weekdays the window is open on: 1 Monday ... 7 Sunday. */
  weekdays: readonly number[];
}

// Steps of invoices due together share their instants: each (instant, zone, window) is placed once
// (asking a zone's calendar is slow). Bounded: cleared when full.
const placed = new Map<string, number>();

/**
 * The first instant at or after `atMs` inside the send window of `timeZone`: `atMs` itself when the
 * window is open, else the next opening (skipping closed weekdays).
 */
export function nextSendInstant(atMs: number, timeZone: string, window: SendWindow): number {
  const key = `${atMs}|${timeZone}|${window.startHour}|${window.endHour}|${window.weekdays.join(',')}`;
  let at = placed.get(key);
  if (at === undefined) {
    at = placeInWindow(atMs, timeZone, window);
    if (placed.size >= 100_000) placed.clear();
    placed.set(key, at);
  }
  return at;
}

function placeInWindow(atMs: number, timeZone: string, window: SendWindow): number {
  if (window.weekdays.length === 0) throw new Error('a send window needs at least one weekday');
  const local = localParts(atMs, timeZone);
  const openDay = window.weekdays.includes(local.weekday);
  if (openDay && local.hour >= window.startHour && local.hour < window.endHour) return atMs;
  let daysAhead = openDay && local.hour < window.startHour ? 0 : 1;
  while (!window.weekdays.includes(((local.weekday - 1 + daysAhead) % 7) + 1)) daysAhead++;
  // instantOfLocal carries day overflow into the next month (Jan 32 → Feb 1).
  return instantOfLocal(local.year, local.month, local.day + daysAhead, window.startHour, timeZone);
}
