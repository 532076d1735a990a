import { DEFAULT_DAY_MS, isCompressed, localDate } from '@dunning/contracts';

export interface DaysLateInput {
  /** When the money arrived (or the invoice was settled). */
  at: Date;
  dueDate: string;
  overdueAt: Date;
  timeZone: string;
  dayMs: number;
}

/**
 * Days after the due date, negative when early, 0 on the due date itself. Real days count calendar
 * days in the customer's zone; compressed days count DAY_MS periods from overdueAt (day 1 starts there).
 */
export function daysLate(input: DaysLateInput): number {
  if (!isCompressed(input.dayMs)) {
    const paid = Date.parse(`${localDate(input.at, input.timeZone)}T00:00:00Z`);
    const due = Date.parse(`${input.dueDate.slice(0, 10)}T00:00:00Z`);
    return Math.round((paid - due) / DEFAULT_DAY_MS);
  }
  return Math.floor((input.at.getTime() - input.overdueAt.getTime()) / input.dayMs) + 1;
}
