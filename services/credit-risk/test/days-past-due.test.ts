import { describe, expect, it } from 'vitest';
import { daysPastDue, undisputedDaysPastDue } from '../src/domain/days-past-due.ts';
import { disputedMinor, undisputedMinor } from '../src/domain/disputes.ts';

const DAY = 86_400_000;
// The end of Jan 31 in Shanghai (UTC+8): the first instant past due of an invoice due that day.
const overdueAt = new Date('2026-01-31T16:00:00Z');

describe('daysPastDue', () => {
  it.each([
    ['before the overdue instant', '2026-01-31T15:59:59Z', 0],
    ['at it: the day after the due date is day 1', '2026-01-31T16:00:00Z', 1],
    ['the end of that day', '2026-02-01T15:59:59Z', 1],
    ['day 28, the last day of February', '2026-02-28T15:59:59Z', 28],
    ['day 29 is March 1 in a common year', '2026-02-28T16:00:00Z', 29],
    ['a year later', '2027-01-31T16:00:00Z', 366],
  ])('%s', (_what, at, expected) => {
    expect(daysPastDue(new Date(at), overdueAt, DAY)).toBe(expected);
  });

  it('counts compressed days (DAY_MS) the same way', () => {
    expect(daysPastDue(new Date(overdueAt.getTime() + 250), overdueAt, 100)).toBe(3);
  });
});

describe('undisputedDaysPastDue', () => {
  const at = new Date('2026-04-01T00:00:00Z');
  it('is 0 while the whole balance is disputed', () => {
    expect(undisputedDaysPastDue(at, { overdueAt, undisputedMinor: 0n }, DAY)).toBe(0);
  });
  it('ages as usual with any undisputed remainder, even one minor unit', () => {
    expect(undisputedDaysPastDue(at, { overdueAt, undisputedMinor: 1n }, DAY)).toBe(
      daysPastDue(at, overdueAt, DAY),
    );
  });
  it('is 0 before the due date whatever is disputed', () => {
    expect(
      undisputedDaysPastDue(new Date('2026-01-01T00:00:00Z'), { overdueAt, undisputedMinor: 5n }, DAY),
    ).toBe(0);
  });
});

describe('disputedMinor', () => {
  const invoice = { invoiceId: 'a', balanceMinor: 10_000n };
  it.each([
    ['no dispute', [], 0n],
    ['a part', [{ invoiceId: 'a', amountMinor: 2_500n }], 2_500n],
    [
      'two parts add up',
      [
        { invoiceId: 'a', amountMinor: 2_500n },
        { invoiceId: 'a', amountMinor: 1_000n },
      ],
      3_500n,
    ],
    ['the whole invoice (no amount)', [{ invoiceId: 'a', amountMinor: null }], 10_000n],
    ['never above the balance (after part payments)', [{ invoiceId: 'a', amountMinor: 12_000n }], 10_000n],
    ['another invoice', [{ invoiceId: 'b', amountMinor: null }], 0n],
  ])('%s', (_what, disputes, expected) => {
    expect(disputedMinor(invoice, disputes)).toBe(expected);
    expect(undisputedMinor(invoice, disputes)).toBe(10_000n - expected);
  });
});
