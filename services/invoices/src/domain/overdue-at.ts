import { DEFAULT_DAY_MS, isCompressed, startOfLocalDay } from '@dunning/contracts';

export function calendarDays(from: string, to: string): number {
  return Math.round(
    (Date.parse(`${to.slice(0, 10)}T00:00:00Z`) - Date.parse(`${from.slice(0, 10)}T00:00:00Z`)) /
      DEFAULT_DAY_MS,
  );
}

export function nextDate(date: string): string {
  return new Date(Date.parse(`${date.slice(0, 10)}T00:00:00Z`) + DEFAULT_DAY_MS).toISOString().slice(0, 10);
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
  if (!isCompressed(input.dayMs)) return startOfLocalDay(nextDate(input.dueDate), input.timeZone);
  const days = calendarDays(input.issueDate, input.dueDate) + 1;
  return new Date(input.recordedAt.getTime() + days * input.dayMs);
}
