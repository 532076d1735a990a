import { type DunningActionRequestedData, localDate } from '@dunning/contracts';

/** Days a final notice gives when dunning sent no deadline: the ten days the legal letter has always given. */
export const FINAL_NOTICE_FALLBACK_DAYS = 10;

const FINAL_NOTICE_LEVEL = 3;

/**
 * The date a notice asks to be paid by: the action's `deadline`; for a final notice (level 3) without
 * one, the customer's calendar day of `requestedAt` plus ten days, so the reader still gets a date.
 * Other levels without a deadline name none.
 */
export function payByDate(
  action: Pick<DunningActionRequestedData, 'deadline' | 'level' | 'requestedAt'>,
  timeZone: string,
): string | undefined {
  if (action.deadline !== undefined) return action.deadline;
  if (action.level !== FINAL_NOTICE_LEVEL) return undefined;
  const day = new Date(`${localDate(new Date(action.requestedAt), timeZone)}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() + FINAL_NOTICE_FALLBACK_DAYS);
  return day.toISOString().slice(0, 10);
}
