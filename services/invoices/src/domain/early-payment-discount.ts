import { DEFAULT_DAY_MS, isCompressed, startOfLocalDay } from '@dunning/contracts';
import { calendarDays } from './overdue-at.ts';

/** "2/10 net 30": `{ percent: '2', days: 10 }` (percent a decimal string, up to 4 decimals). */
export interface DiscountTerms {
  percent: string;
  days: number;
}

const PERCENT_SCALE = 10_000n;
const WHOLE = 100n * PERCENT_SCALE;

/**
 * What settles the invoice inside the window: amount × (1 − percent/100), rounded half up to the
 * currency's minor unit (the amount is already in minor units, so 0- and 3-decimal currencies need
 * nothing special). Exact integer arithmetic: the percent is scaled, never a float.
 */
export function discountedAmount(amountMinor: bigint, percent: string): bigint {
  const [whole = '0', fraction = ''] = percent.split('.');
  const scaled = BigInt(whole) * PERCENT_SCALE + BigInt(fraction.padEnd(4, '0').slice(0, 4));
  const numerator = amountMinor * (WHOLE - scaled);
  return (2n * numerator + WHOLE) / (2n * WHOLE);
}

export interface DiscountWindowInput {
  terms: DiscountTerms;
  issueDate: string;
  dueDate: string;
  timeZone: string;
  overdueAt: Date;
  dayMs: number;
}

/**
 * The first instant outside the discount window. Real days: the end of the day `days` after the
 * issue date in the customer's zone. Compressed days: `days × DAY_MS` after the invoice was recorded
 * (the anchor overdueAt was computed from).
 */
export function discountWindowEnd(input: DiscountWindowInput): Date {
  if (!isCompressed(input.dayMs)) {
    const lastDay =
      Date.parse(`${input.issueDate.slice(0, 10)}T00:00:00Z`) + input.terms.days * DEFAULT_DAY_MS;
    const dayAfter = new Date(lastDay + DEFAULT_DAY_MS).toISOString().slice(0, 10);
    return startOfLocalDay(dayAfter, input.timeZone);
  }
  const recordedAt =
    input.overdueAt.getTime() - (calendarDays(input.issueDate, input.dueDate) + 1) * input.dayMs;
  return new Date(recordedAt + input.terms.days * input.dayMs);
}

export interface PayableInput {
  amountMinor: bigint;
  balanceMinor: bigint;
  terms?: DiscountTerms | undefined;
  /** Whether the money arrives inside the window. */
  inWindow: boolean;
  /** What payments, credits and adjustments inside the window already took off the invoice. */
  coveredInWindowMinor: bigint;
}

/** What settles the invoice now: its balance, or less when the discount can still be taken. */
export function payableNow(input: PayableInput): bigint {
  if (input.terms === undefined || !input.inWindow || input.balanceMinor <= 0n) return input.balanceMinor;
  const rest = discountedAmount(input.amountMinor, input.terms.percent) - input.coveredInWindowMinor;
  if (rest <= 0n) return 0n;
  return rest < input.balanceMinor ? rest : input.balanceMinor;
}
