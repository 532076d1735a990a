import { DEFAULT_DAY_MS, isCompressed } from '@dunning/contracts';

/**
 * When a promise to pay is judged: the end of the promised date plus `graceDays`. With real days the
 * promised date is a calendar date in the customer's zone; with compressed days (tests, demos) it is
 * counted from today like the ledger counts due dates: now + (promised − today + 1 + grace) × DAY_MS.
 */
export function promiseCheckAt(
  promisedDate: string,
  nowMs: number,
  dayMs: number,
  graceDays: number,
  endOfLocalDay: (date: string) => number,
): number {
  if (!isCompressed(dayMs)) return endOfLocalDay(promisedDate) + graceDays * dayMs;
  const today = new Date(nowMs).toISOString().slice(0, 10);
  const daysAhead = Math.round((Date.parse(promisedDate) - Date.parse(today)) / DEFAULT_DAY_MS);
  return nowMs + (Math.max(0, daysAhead) + 1 + graceDays) * dayMs;
}
