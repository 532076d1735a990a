/**
 * Wall-clock time in an IANA time zone: what a customer's clock shows at an instant, and the instant
 * at which it shows a given local time, across daylight-saving changes. The one implementation every
 * service uses.
 */

/** A wall-clock reading in a time zone. */
export interface LocalParts {
  year: number;
  /** 1 January ... 12 December. */
  month: number;
  day: number;
  /** 0-23. */
  hour: number;
  minute: number;
  second: number;
  /** ISO weekday: 1 Monday ... 7 Sunday. */
  weekday: number;
}

const WEEKDAYS: Readonly<Record<string, number>> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

// Building a formatter costs far more than using one: one per zone, kept.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      era: 'short',
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

const HOUR_MS = 3_600_000;
const OFFSETS_KEPT = 100_000;
// A zone's offset per hour of UTC, where it holds for the whole hour (null where it changes within it).
// Reading the formatter costs microseconds a call; a planner asks about the same hours again and again.
// Bounded: cleared when full.
const hourOffsets = new Map<string, number | null>();

/**
 * The zone's offset (ms) over the whole UTC hour `instantMs` falls in; undefined when it changes within it
 * (or the instant is not a number: the formatter says what it makes of that).
 */
function offsetOverHour(instantMs: number, timeZone: string): number | undefined {
  if (!Number.isFinite(instantMs)) return undefined;
  const hour = Math.floor(instantMs / HOUR_MS);
  const key = `${timeZone}|${hour}`;
  let offset = hourOffsets.get(key);
  if (offset === undefined) {
    const start = formattedOffsetMs(hour * HOUR_MS, timeZone);
    // Offsets change at whole seconds: the hour's last second tells whether one changed within it.
    offset = start === formattedOffsetMs((hour + 1) * HOUR_MS - 1000, timeZone) ? start : null;
    if (hourOffsets.size >= OFFSETS_KEPT) hourOffsets.clear();
    hourOffsets.set(key, offset);
  }
  return offset ?? undefined;
}

/** What the wall clock of `timeZone` shows at `instant` (seconds truncated, not rounded). */
export function localParts(instant: Date | number, timeZone: string): LocalParts {
  const ms = typeof instant === 'number' ? instant : instant.getTime();
  const offset = offsetOverHour(ms, timeZone);
  if (offset === undefined) return formattedParts(ms, timeZone);
  // The wall clock is the instant moved by the offset, read as UTC (years before 1 AD as ISO 8601 counts).
  const shown = new Date(ms + offset);
  return {
    year: shown.getUTCFullYear(),
    month: shown.getUTCMonth() + 1,
    day: shown.getUTCDate(),
    hour: shown.getUTCHours(),
    minute: shown.getUTCMinutes(),
    second: shown.getUTCSeconds(),
    weekday: shown.getUTCDay() === 0 ? 7 : shown.getUTCDay(),
  };
}

/** localParts read off the zone's formatter (the reference the cached offsets come from). */
function formattedParts(instant: number, timeZone: string): LocalParts {
  const parts: Record<string, string> = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) parts[part.type] = part.value;
  const year = Number(parts.year);
  return {
    // Years before 1 AD are counted as ISO 8601 does (1 BC is year 0).
    year: parts.era === 'BC' || parts.era === 'B' ? 1 - year : year,
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    weekday: WEEKDAYS[parts.weekday ?? ''] ?? Number.NaN,
  };
}

/** The calendar date (YYYY-MM-DD) it is in `timeZone` at `instant`. */
export function localDate(instant: Date | number, timeZone: string): string {
  const { year, month, day } = localParts(instant, timeZone);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * A wall-clock reading as if it were UTC, in ms. Unlike Date.UTC, years 0-99 are not taken for
 * 1900-1999; months and days past their end carry over (day 32 of January is February 1).
 */
function wallClockMs(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, 0);
  return date.getTime();
}

/** Offset of `timeZone` from UTC at `instantMs`, in ms (positive east of Greenwich). */
export function zoneOffsetMs(instantMs: number, timeZone: string): number {
  return offsetOverHour(instantMs, timeZone) ?? formattedOffsetMs(instantMs, timeZone);
}

function formattedOffsetMs(instantMs: number, timeZone: string): number {
  const local = formattedParts(instantMs, timeZone);
  const shown = wallClockMs(local.year, local.month, local.day, local.hour, local.minute, local.second);
  return shown - Math.floor(instantMs / 1000) * 1000;
}

/**
 * The instant (ms) at which the wall clock of `timeZone` shows the given local time. Months and days
 * past their end carry over (day 32 of January is February 1). Across a daylight-saving change:
 * a local time the clocks skip maps to the instant they jump (so a day whose midnight is skipped
 * starts when its first hour does); a local time shown twice maps to its first occurrence.
 */
export function instantOfLocal(
  year: number,
  month: number,
  day: number,
  hour: number,
  timeZone: string,
  minute = 0,
): number {
  const wanted = wallClockMs(year, month, day, hour, minute);
  // The zone's offsets a day either side bracket the answer: a zone changes its offset at most once
  // in two days.
  const before = zoneOffsetMs(wanted - 86_400_000, timeZone);
  const after = zoneOffsetMs(wanted + 86_400_000, timeZone);
  if (before === after) {
    const instant = wanted - before;
    const offset = zoneOffsetMs(instant, timeZone);
    // The common case: one offset all around.
    if (offset === before) return instant;
    // An offset that holds for less than two days (rare): settle on the offset at the answer.
    return wanted - offset;
  }
  const early = wanted - before;
  const late = wanted - after;
  const earlyValid = zoneOffsetMs(early, timeZone) === before;
  const lateValid = zoneOffsetMs(late, timeZone) === after;
  if (earlyValid && lateValid) return Math.min(early, late); // shown twice: the first time
  if (earlyValid) return early;
  if (lateValid) return late;
  // Skipped by the clocks: the time of the jump, which the old offset places at `wanted - before`.
  return early;
}

// Invoices and steps share their dates and zones: each (date, zone) is worked out once. Bounded:
// cleared when full.
const dayStarts = new Map<string, number>();

/** The instant the calendar day `date` (YYYY-MM-DD, or an instant's first ten characters) starts in `timeZone`. */
export function startOfLocalDay(date: string, timeZone: string): Date {
  const day = date.slice(0, 10);
  const key = `${day}|${timeZone}`;
  let start = dayStarts.get(key);
  if (start === undefined) {
    const [year, month, dayOfMonth] = day.split('-').map(Number) as [number, number, number];
    start = instantOfLocal(year, month, dayOfMonth, 0, timeZone);
    if (dayStarts.size >= 100_000) dayStarts.clear();
    dayStarts.set(key, start);
  }
  return new Date(start);
}
