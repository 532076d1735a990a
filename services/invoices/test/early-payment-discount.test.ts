import { describe, expect, it } from 'vitest';
import { allocateWithDiscounts } from '../src/domain/allocate-with-discounts.ts';
import { discountedAmount, discountWindowEnd, payableNow } from '../src/domain/early-payment-discount.ts';

const realDay = 86_400_000;

describe('discountedAmount: amount × (1 − percent/100), half up to the minor unit', () => {
  it.each([
    [10000n, '2', 9800n, 'EUR 100.00 at 2 %: 98.00'],
    [2000n, '2', 1960n, 'EUR 20.00 at 2 %: 19.60'],
    [1n, '2', 1n, 'one cent: 0.98 cents rounds up to 1'],
    [25n, '2', 25n, '0.245 → half up is 0.25 (24.5 minor units up to 25)'],
    [75n, '2', 74n, '73.5 minor units → 74'],
    [1001n, '1.5', 986n, '985.985 → 986'],
    [12345n, '2.5', 12036n, 'JPY 12345 at 2.5 %: 12036.375 → 12036'],
    [999n, '3', 969n, 'JPY 999 at 3 %: 969.03 → 969'],
    [150n, '3', 146n, 'JPY 150 at 3 %: 145.5 → 146 (half up)'],
    [1234567n, '2', 1209876n, 'KWD 1234.567 at 2 %: 1209.87566 → 1209.876'],
    [1000n, '0.0001', 1000n, 'KWD 1.000 at 0.0001 %: 999.999 → 1000'],
    [100n, '99.9999', 0n, 'almost everything off: 0.0001 minor units → 0'],
    [100000n, '10', 90000n, '10 %'],
    [10n, '5', 10n, '9.5 → 10 (half up)'],
    [30n, '5', 29n, '28.5 → 29'],
  ])('%s at %s percent is %s: %s', (amount, percent, expected) => {
    expect(discountedAmount(amount, percent)).toBe(expected);
  });
});

describe('discountWindowEnd', () => {
  const base = { dueDate: '2026-10-31', overdueAt: new Date('2026-11-01T00:00:00Z'), dayMs: realDay };
  it.each([
    ['2026-10-01', 10, 'UTC', '2026-10-12T00:00:00.000Z', '2/10: the whole of Oct 11 counts'],
    ['2026-10-01', 10, 'Asia/Shanghai', '2026-10-11T16:00:00.000Z', 'the end of Oct 11 in Shanghai'],
    ['2026-10-25', 10, 'America/New_York', '2026-11-05T05:00:00.000Z', 'across the DST change: EST'],
    ['2026-10-20', 10, 'America/New_York', '2026-10-31T04:00:00.000Z', 'before it: EDT'],
    ['2026-01-31', 28, 'UTC', '2026-03-01T00:00:00.000Z', 'a month end into a short February'],
    ['2028-02-19', 10, 'UTC', '2028-03-01T00:00:00.000Z', 'the 2028 leap day is a day of the window'],
    ['2026-12-25', 7, 'Asia/Tokyo', '2027-01-01T15:00:00.000Z', 'over the year end in Tokyo: through Jan 1'],
  ])('issued %s, %i days, %s: ends %s (%s)', (issueDate, days, timeZone, expected) => {
    const end = discountWindowEnd({ ...base, issueDate, terms: { percent: '2', days }, timeZone });
    expect(end.toISOString()).toBe(expected);
  });

  it('with compressed days: days × DAY_MS after the invoice was recorded', () => {
    const recordedAt = Date.parse('2026-10-01T12:00:00Z');
    const dayMs = 1000;
    // overdueAt = recordedAt + (30 + 1) × DAY_MS for an invoice due 30 days after its issue.
    const end = discountWindowEnd({
      issueDate: '2026-10-01',
      dueDate: '2026-10-31',
      overdueAt: new Date(recordedAt + 31 * dayMs),
      timeZone: 'Asia/Shanghai',
      dayMs,
      terms: { percent: '2', days: 10 },
    });
    expect(end.getTime()).toBe(recordedAt + 10 * dayMs);
  });
});

describe('payableNow', () => {
  const terms = { percent: '2', days: 10 };
  it.each([
    [10000n, 10000n, true, 0n, 9800n, 'nothing paid yet: the discounted amount'],
    [10000n, 10000n, false, 0n, 10000n, 'after the window: the whole balance'],
    [10000n, 5000n, true, 5000n, 4800n, 'half paid in the window: the discounted rest'],
    [10000n, 5000n, true, 0n, 5000n, 'half paid after the window (out of order): no discount reachable'],
    [10000n, 200n, true, 9800n, 0n, 'already covered (by a credit note): nothing more is needed'],
    [10000n, 0n, true, 10000n, 0n, 'settled'],
    [10000n, 300n, true, 9700n, 100n, 'a credit note of 97.00 in the window: 1.00 more'],
  ])(
    'amount %s balance %s in window %s covered %s → %s (%s)',
    (amount, balance, inWindow, covered, expected) => {
      expect(
        payableNow({
          amountMinor: amount,
          balanceMinor: balance,
          terms,
          inWindow,
          coveredInWindowMinor: covered,
        }),
      ).toBe(expected);
    },
  );

  it('without terms the balance is what settles', () => {
    expect(
      payableNow({ amountMinor: 100n, balanceMinor: 70n, inWindow: true, coveredInWindowMinor: 30n }),
    ).toBe(70n);
  });
});

describe('allocateWithDiscounts', () => {
  it('one payment covering two discounted invoices takes both discounts', () => {
    const allocation = allocateWithDiscounts(14700n, [
      { id: 'a', balanceMinor: 10000n, payableMinor: 9800n },
      { id: 'b', balanceMinor: 5000n, payableMinor: 4900n },
    ]);
    expect(allocation).toEqual({
      applications: [
        { id: 'a', amountMinor: 9800n, discountMinor: 200n },
        { id: 'b', amountMinor: 4900n, discountMinor: 100n },
      ],
      leftoverMinor: 0n,
    });
  });

  it('money beyond the discounted amounts goes to the balances oldest first, then credit', () => {
    expect(
      allocateWithDiscounts(14800n, [
        { id: 'a', balanceMinor: 10000n, payableMinor: 9800n },
        { id: 'b', balanceMinor: 5000n, payableMinor: 4900n },
      ]).applications,
    ).toEqual([
      { id: 'a', amountMinor: 9900n, discountMinor: 100n },
      { id: 'b', amountMinor: 4900n, discountMinor: 100n },
    ]);
    expect(
      allocateWithDiscounts(15100n, [
        { id: 'a', balanceMinor: 10000n, payableMinor: 9800n },
        { id: 'b', balanceMinor: 5000n, payableMinor: 4900n },
      ]),
    ).toEqual({
      applications: [
        { id: 'a', amountMinor: 10000n, discountMinor: 0n },
        { id: 'b', amountMinor: 5000n, discountMinor: 0n },
      ],
      leftoverMinor: 100n,
    });
  });

  it('the full amount paid on one invoice is applied in full: no discount, no credit', () => {
    expect(allocateWithDiscounts(10000n, [{ id: 'a', balanceMinor: 10000n, payableMinor: 9800n }])).toEqual({
      applications: [{ id: 'a', amountMinor: 10000n, discountMinor: 0n }],
      leftoverMinor: 0n,
    });
  });

  it('a short payment: no discount, the invoice stays open', () => {
    expect(allocateWithDiscounts(9799n, [{ id: 'a', balanceMinor: 10000n, payableMinor: 9800n }])).toEqual({
      applications: [{ id: 'a', amountMinor: 9799n, discountMinor: 0n }],
      leftoverMinor: 0n,
    });
  });

  it('a short payment over two invoices discounts the older one only', () => {
    expect(
      allocateWithDiscounts(12000n, [
        { id: 'old', balanceMinor: 10000n, payableMinor: 9800n },
        { id: 'new', balanceMinor: 5000n, payableMinor: 4900n },
      ]).applications,
    ).toEqual([
      { id: 'old', amountMinor: 9800n, discountMinor: 200n },
      { id: 'new', amountMinor: 2200n, discountMinor: 0n },
    ]);
  });

  it('an invoice without a discount (payable = balance) is paid as before', () => {
    expect(
      allocateWithDiscounts(7000n, [
        { id: 'plain', balanceMinor: 5000n, payableMinor: 5000n },
        { id: 'disc', balanceMinor: 2000n, payableMinor: 1960n },
      ]),
    ).toEqual({
      applications: [
        { id: 'plain', amountMinor: 5000n, discountMinor: 0n },
        { id: 'disc', amountMinor: 2000n, discountMinor: 0n },
      ],
      leftoverMinor: 0n,
    });
  });

  it('the last part of a discount already covered: any payment settles the rest', () => {
    expect(
      allocateWithDiscounts(1n, [{ id: 'a', balanceMinor: 200n, payableMinor: 0n }]).applications,
    ).toEqual([{ id: 'a', amountMinor: 1n, discountMinor: 199n }]);
  });
});
