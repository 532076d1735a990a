export const REAL_DAY_MS = 86_400_000;

// Building a formatter costs far more than using one, and every invoice needs two or four.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Offset of `timeZone` from UTC at `instant`, in ms (positive east of Greenwich). */
function zoneOffsetMs(instant: number, timeZone: string): number {
  const parts = formatterFor(timeZone).formatToParts(instant);
  const get = (type: string) => Number(parts.find((part) => part.type === type)?.value);
  const asUtc = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  return asUtc - Math.floor(instant / 1000) * 1000;
}

// Invoices share their dates and zones: each (date, zone) is worked out once (bounded: cleared when full).
const dayStarts = new Map<string, number>();

/** The instant local midnight starts `date` (YYYY-MM-DD) in `timeZone`, across DST changes. */
export function startOfLocalDay(date: string, timeZone: string): Date {
  const key = `${date}|${timeZone}`;
  let start = dayStarts.get(key);
  if (start === undefined) {
    const midnightUtc = Date.parse(`${date}T00:00:00Z`);
    // Two passes: the offset at the first guess may differ from the offset at the answer (DST).
    start = midnightUtc - zoneOffsetMs(midnightUtc, timeZone);
    start = midnightUtc - zoneOffsetMs(start, timeZone);
    if (dayStarts.size >= 100_000) dayStarts.clear();
    dayStarts.set(key, start);
  }
  return new Date(start);
}

function calendarDays(from: string, to: string): number {
  return Math.round(
    (Date.parse(`${to.slice(0, 10)}T00:00:00Z`) - Date.parse(`${from.slice(0, 10)}T00:00:00Z`)) / REAL_DAY_MS,
  );
}

function nextDate(date: string): string {
  return new Date(Date.parse(`${date.slice(0, 10)}T00:00:00Z`) + REAL_DAY_MS).toISOString().slice(0, 10);
}

export interface OverdueAtInput {
  issueDate: string;
  dueDate: string;
  timeZone: string;
  /** When the ledger recorded the invoice; the anchor of compressed days. */
  recordedAt: Date;
  dayMs: number;
}

/**
 * When an invoice becomes past due. Real days: the end of its due date in the customer's time zone.
 * Compressed days (DAY_MS shorter than a day): its terms replayed from the moment it was recorded,
 * so the whole lifecycle runs in seconds.
 */
export function overdueAt(input: OverdueAtInput): Date {
  if (input.dayMs >= REAL_DAY_MS) return startOfLocalDay(nextDate(input.dueDate), input.timeZone);
  const days = calendarDays(input.issueDate, input.dueDate) + 1;
  return new Date(input.recordedAt.getTime() + days * input.dayMs);
}
