/** Business hours in which notices go out, in the customer's own time zone. */
export interface SendWindow {
  /** Local hour the window opens (inclusive), 0-23. */
  startHour: number;
  /** Local hour the window closes (exclusive), 1-24. */
  endHour: number;
  /** ISO weekdays the window is open on: 1 Monday ... 7 Sunday. */
  weekdays: readonly number[];
}

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      weekday: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

interface LocalTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number;
}

function localTime(instantMs: number, timeZone: string): LocalTime {
  const parts = Object.fromEntries(
    formatterFor(timeZone)
      .formatToParts(new Date(instantMs))
      .map((part) => [part.type, part.value]),
  );
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    weekday: WEEKDAYS[parts.weekday ?? 'Mon'] ?? 1,
  };
}

/** The instant at which the wall clock of `timeZone` shows the given local date and hour. */
export function instantOfLocal(
  year: number,
  month: number,
  day: number,
  hour: number,
  timeZone: string,
): number {
  const wanted = Date.UTC(year, month - 1, day, hour);
  let guess = wanted;
  // Two corrections settle the zone offset, also across a daylight-saving change.
  for (let i = 0; i < 2; i++) {
    const local = localTime(guess, timeZone);
    const shown = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second);
    guess += wanted - shown;
  }
  return guess;
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
  const local = localTime(atMs, timeZone);
  const openDay = window.weekdays.includes(local.weekday);
  if (openDay && local.hour >= window.startHour && local.hour < window.endHour) return atMs;
  let daysAhead = openDay && local.hour < window.startHour ? 0 : 1;
  while (!window.weekdays.includes(((local.weekday - 1 + daysAhead) % 7) + 1)) daysAhead++;
  // Date.UTC normalises day overflow (Jan 32 → Feb 1), so calendar arithmetic stays exact.
  const target = new Date(Date.UTC(local.year, local.month - 1, local.day + daysAhead));
  return instantOfLocal(
    target.getUTCFullYear(),
    target.getUTCMonth() + 1,
    target.getUTCDate(),
    window.startHour,
    timeZone,
  );
}
