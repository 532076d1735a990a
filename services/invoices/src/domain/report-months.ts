// Calendar months as reporting periods: plain dates (YYYY-MM-DD), no time zone involved.

export interface MonthPeriod {
  /** YYYY-MM */
  month: string;
  from: string;
  to: string;
}

const iso = (date: Date) => date.toISOString().slice(0, 10);

/** The day before a date, or after it with +1. */
export function addDays(date: string, days: number): string {
  const at = new Date(`${date}T00:00:00Z`);
  at.setUTCDate(at.getUTCDate() + days);
  return iso(at);
}

/** The month `offset` months from the month of `date` (0: its own), whole: first to last day. */
export function monthOf(date: string, offset = 0): MonthPeriod {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7)) - 1 + offset;
  const first = new Date(Date.UTC(year, month, 1));
  // Day 0 of the next month is this month's last day (28, 29, 30 or 31).
  const last = new Date(Date.UTC(year, month + 1, 0));
  return { month: iso(first).slice(0, 7), from: iso(first), to: iso(last) };
}

/** The `count` whole months before the month of `today`, oldest first. */
export function completeMonthsBefore(today: string, count: number): MonthPeriod[] {
  return Array.from({ length: count }, (_, index) => monthOf(today, index - count));
}

/** The `count` months up to the month of `asOf`, oldest first; the last one ends at `asOf`. */
export function monthsUpTo(asOf: string, count: number): MonthPeriod[] {
  return Array.from({ length: count }, (_, index) => {
    const period = monthOf(asOf, index - count + 1);
    return index === count - 1 ? { ...period, to: asOf } : period;
  });
}
