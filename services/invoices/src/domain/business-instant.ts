import { startOfLocalDay } from '@dunning/contracts';

/** A date-only business time ("2026-10-05") is the start of that day in the customer's zone. */
export function businessInstant(value: string, timeZone: string): Date {
  return value.length <= 10 ? startOfLocalDay(value, timeZone) : new Date(value);
}
