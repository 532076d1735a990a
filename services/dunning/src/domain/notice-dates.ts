import { instantOfLocal, localDate, localParts } from '@dunning/contracts';
import { type PlanningClock, runAtFor } from './plan-steps.ts';

const CALENDAR_DAY_MS = 86_400_000;

/**
 * When a customer may get the next notice in a currency after one at `lastNoticeMs`: the start of the
 * next day in the customer's zone (then into the send window), or one DAY_MS later when days are
 * compressed and have no calendar.
 */
export function nextNoticeDay(lastNoticeMs: number, clock: PlanningClock): number {
  if (clock.dayMs !== CALENDAR_DAY_MS) return lastNoticeMs + clock.dayMs;
  const { year, month, day } = localParts(lastNoticeMs, clock.timeZone);
  return runAtFor(instantOfLocal(year, month, day + 1, 0, clock.timeZone), clock);
}

/** Pay-by date of a notice sent at `nowMs`: `deadlineDays` days later, as a date in the customer's zone. */
export function noticeDeadline(nowMs: number, deadlineDays: number, clock: PlanningClock): string {
  return localDate(nowMs + deadlineDays * clock.dayMs, clock.timeZone);
}
