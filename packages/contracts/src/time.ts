import { z } from 'zod';

/** Default length of a day for every schedule; the DAY_MS setting shortens it for demos and tests. */
export const DEFAULT_DAY_MS = 86_400_000;

/**
 * Whether days are compressed: DAY_MS shorter than a real day. Compressed days replay the calendar on
 * the service's own clock (terms counted from when an invoice was recorded, no wall clock, no quiet
 * hours); real days follow the calendar in the customer's time zone. A DAY_MS of a day or longer is
 * never compressed.
 */
export function isCompressed(dayMs: number): boolean {
  return dayMs < DEFAULT_DAY_MS;
}

// Year 0 (1 BC) fits ISO 8601 but not PostgreSQL's date and timestamptz, which count from 1 AD.
const FIRST_INSTANT_MS = Date.parse('0001-01-01T00:00:00Z');

/** An instant: ISO 8601 date-time with seconds and an offset or Z ("2026-11-28T09:30:00+08:00"). */
export const Instant = z.iso
  .datetime({ offset: true })
  .refine((value) => Date.parse(value) >= FIRST_INSTANT_MS, 'must be in year 1 or later');
export type Instant = z.infer<typeof Instant>;

// A plain date becomes an instant at its start in the customer's zone, up to 14 h before UTC midnight:
// from 0001-01-02 on, that instant is still in year 1.
const FIRST_DATE = '0001-01-02';

/** A calendar date that exists ("2028-02-29" yes, "2027-02-29" no), from 0001-01-02 on. */
export const IsoDate = z.iso.date().refine((value) => value >= FIRST_DATE, `must be ${FIRST_DATE} or later`);
export type IsoDate = z.infer<typeof IsoDate>;

/** Payload dates may be plain dates or instants; scheduling turns them into instants. */
export const DateOrInstant = z.union([IsoDate, Instant]);
export type DateOrInstant = z.infer<typeof DateOrInstant>;

/**
 * Orders two DateOrInstant values: by instant when both are instants, otherwise by the calendar date as
 * written, since a plain date carries no time zone to place it on the time line.
 */
export function compareDateOrInstant(a: DateOrInstant, b: DateOrInstant): number {
  if (a.length > 10 && b.length > 10) return Math.sign(Date.parse(a) - Date.parse(b));
  const dayA = a.slice(0, 10);
  const dayB = b.slice(0, 10);
  return dayA < dayB ? -1 : dayA > dayB ? 1 : 0;
}

const knownTimeZones = new Set<string>();

/** True for an IANA time zone name the runtime knows, spelled in its canonical case. */
export function isValidTimeZone(name: string): boolean {
  if (knownTimeZones.has(name)) return true;
  // Intl also accepts UTC offsets such as "+08:00", which are not IANA names and ignore daylight saving.
  if (!/^[A-Za-z]/.test(name)) return false;
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat('en', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return false;
  }
  // Intl matches names case-insensitively; "asia/shanghai" would be stored as sent and break elsewhere.
  if (resolved !== name && resolved.toLowerCase() === name.toLowerCase()) return false;
  knownTimeZones.add(name);
  return true;
}

/** An IANA time zone name ("Asia/Shanghai"). */
export const TimeZone = z
  .string()
  .max(64)
  .refine(isValidTimeZone, 'must be an IANA time zone such as "Asia/Shanghai"')
  .meta({ description: 'IANA time zone name' });
export type TimeZone = z.infer<typeof TimeZone>;

/** Languages notices are written in. */
export const Locale = z.enum(['en', 'zh-CN']);
export type Locale = z.infer<typeof Locale>;
