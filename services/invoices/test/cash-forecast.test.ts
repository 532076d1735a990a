import { describe, expect, it } from 'vitest';
import {
  dayNumber,
  expectedDelay,
  type ForecastInput,
  type ForecastItem,
  forecastCollections,
  isoDateOf,
  lowerMedian,
  naiveCollections,
  placeExpected,
} from '../src/domain/cash-forecast.ts';

const none = { payments: 0, medianDaysLate: null };
const own = (medianDaysLate: number) => ({ payments: 5, medianDaysLate });

function item(partial: Partial<ForecastItem> & Pick<ForecastItem, 'dueDate' | 'openMinor'>): ForecastItem {
  return { currency: 'EUR', disputedMinor: 0n, history: none, ...partial };
}

function run(partial: Partial<ForecastInput> & Pick<ForecastInput, 'items'>) {
  return forecastCollections({
    asOf: '2028-01-31',
    weeks: 13,
    promises: [],
    portfolioMedianDaysLate: null,
    ...partial,
  });
}

/** Week index (1-based) → amount, leaving out empty weeks. */
function weeksOf(forecast: { weeks: bigint[] } | undefined): Record<number, bigint> {
  return Object.fromEntries(
    (forecast?.weeks ?? []).flatMap((minor, i) => (minor === 0n ? [] : [[i + 1, minor]])),
  );
}

describe('calendar days', () => {
  it('counts across month ends, leap days and year ends', () => {
    expect(dayNumber('2028-03-01') - dayNumber('2028-02-28')).toBe(2); // 2028 is a leap year
    expect(dayNumber('2027-03-01') - dayNumber('2027-02-28')).toBe(1);
    expect(isoDateOf(dayNumber('2028-01-31') + 30)).toBe('2028-03-01');
    expect(isoDateOf(dayNumber('2027-12-31') + 1)).toBe('2028-01-01');
    expect(isoDateOf(dayNumber('2028-04-30') + 31)).toBe('2028-05-31');
  });
});

describe('lowerMedian (as percentile_disc(0.5))', () => {
  it('takes the lower of the two middle values, and null when empty', () => {
    expect(lowerMedian([])).toBeNull();
    expect(lowerMedian([7])).toBe(7);
    expect(lowerMedian([10, -2])).toBe(-2);
    expect(lowerMedian([30, 1, 12, 5])).toBe(5);
    expect(lowerMedian([3, 9, -4, 20, 0])).toBe(3);
  });
});

describe('expectedDelay', () => {
  const rules = { minPayments: 3, staleDays: 60 };
  it("uses the customer's own median from minPayments payments on", () => {
    expect(expectedDelay({ payments: 3, medianDaysLate: 12 }, 4, rules)).toBe(12);
    expect(expectedDelay({ payments: 3, medianDaysLate: -3 }, 4, rules)).toBe(-3);
  });
  it("falls back to the portfolio's median with too little history, 0 without any", () => {
    expect(expectedDelay({ payments: 2, medianDaysLate: 40 }, 4, rules)).toBe(4);
    expect(expectedDelay(none, 9, rules)).toBe(9);
    expect(expectedDelay(none, null, rules)).toBe(0);
  });
});

describe('placeExpected', () => {
  const asOf = dayNumber('2028-01-31');
  it('puts day asOf+1..+7 in week 1, +8 in week 2, +91 in week 13', () => {
    expect(placeExpected(asOf, 13, asOf + 1, asOf + 1, 60)).toEqual({ week: 1 });
    expect(placeExpected(asOf, 13, asOf + 7, asOf + 7, 60)).toEqual({ week: 1 });
    expect(placeExpected(asOf, 13, asOf + 8, asOf + 8, 60)).toEqual({ week: 2 });
    expect(placeExpected(asOf, 13, asOf + 91, asOf + 91, 60)).toEqual({ week: 13 });
  });
  it('beyond the horizon: later when not yet due, overdue-not-expected when overdue', () => {
    expect(placeExpected(asOf, 13, asOf + 92, asOf + 92, 60)).toEqual({ bucket: 'later' });
    expect(placeExpected(asOf, 13, asOf - 1, asOf + 92, 60)).toEqual({ bucket: 'overdueNotExpected' });
    // Due on asOf itself is not overdue yet.
    expect(placeExpected(asOf, 13, asOf, asOf + 92, 60)).toEqual({ bucket: 'later' });
  });
  it('an expected date already passed: week 1 up to staleDays, then not expected', () => {
    expect(placeExpected(asOf, 13, asOf - 30, asOf, 60)).toEqual({ week: 1 });
    expect(placeExpected(asOf, 13, asOf - 90, asOf - 60, 60)).toEqual({ week: 1 });
    expect(placeExpected(asOf, 13, asOf - 90, asOf - 61, 60)).toEqual({ bucket: 'overdueNotExpected' });
  });
});

describe('forecastCollections', () => {
  it("moves due dates by each customer's median across a month end (asOf 2028-01-31, a leap February)", () => {
    // Due 2028-02-15 + 14 days = 2028-02-29 (the leap day), 29 days after asOf: week 5 (days 29..35).
    // Due 2028-01-31 (today, not overdue) − 3 days (pays early) = 2028-01-28, passed: week 1.
    const [eur] = run({
      items: [
        item({ dueDate: '2028-02-15', openMinor: 10_000n, history: own(14) }),
        item({ dueDate: '2028-01-31', openMinor: 2_500n, history: own(-3) }),
      ],
    });
    expect(weeksOf(eur)).toEqual({ 1: 2_500n, 5: 10_000n });
    expect(eur?.open).toBe(12_500n);
  });

  it('gives customers without history the portfolio median', () => {
    // Due 2028-02-29 + 21 = 2028-03-21, 50 days after asOf: week 8 (days 50..56).
    const [eur] = run({
      portfolioMedianDaysLate: 21,
      items: [item({ dueDate: '2028-02-29', openMinor: 700n })],
    });
    expect(weeksOf(eur)).toEqual({ 8: 700n });
  });

  it('forecasts only the open rest of a partly paid invoice, in minor units of JPY (0 decimals) and KWD (3)', () => {
    const [jpy, kwd] = run({
      items: [
        item({ currency: 'KWD', dueDate: '2028-02-07', openMinor: 1_234_567n, history: own(0) }),
        item({ currency: 'JPY', dueDate: '2028-02-08', openMinor: 150n, history: own(0) }),
      ],
    });
    expect(jpy?.currency).toBe('JPY');
    expect(weeksOf(jpy)).toEqual({ 2: 150n });
    expect(weeksOf(kwd)).toEqual({ 1: 1_234_567n });
  });

  it('keeps disputed amounts out of the weeks; the undisputed part of a partial dispute is forecast', () => {
    const [eur] = run({
      items: [
        item({ dueDate: '2028-02-10', openMinor: 1_000n, disputedMinor: 400n, history: own(0) }),
        item({ dueDate: '2028-02-10', openMinor: 300n, disputedMinor: 900n, history: own(0) }),
      ],
    });
    expect(eur?.disputed).toBe(700n);
    expect(weeksOf(eur)).toEqual({ 2: 600n });
    expect(eur?.open).toBe(1_300n);
  });

  it('puts promised amounts on the promise date, earliest due invoice first, the rest by behaviour', () => {
    // Promise of 1,200 for A (due 01-10, open 1,000) and B (due 01-20, open 800) on 2028-02-20 (day 20: week 3).
    // A takes 1,000, B 200; B's other 600 follows the customer's 30 days: 2028-02-19, day 19 → week 3 too,
    // C (not named) due 2027-12-01 + 58 = 2028-01-28, 3 days passed: week 1.
    const [eur] = run({
      items: [
        item({ invoiceId: 'B', dueDate: '2028-01-20', openMinor: 800n, history: own(30) }),
        item({ invoiceId: 'A', dueDate: '2028-01-10', openMinor: 1_000n, history: own(60) }),
        item({ invoiceId: 'C', dueDate: '2027-12-01', openMinor: 50n, history: own(58) }),
      ],
      promises: [
        {
          promiseId: 'P1',
          currency: 'EUR',
          invoiceIds: ['B', 'A'],
          promisedDate: '2028-02-20',
          amountMinor: 1_200n,
        },
      ],
    });
    expect(weeksOf(eur)).toEqual({ 1: 50n, 3: 1_800n });
  });

  it('expects a promise whose date passed (not yet kept or broken) in week 1, and one beyond the horizon later', () => {
    const [eur] = run({
      weeks: 4,
      items: [
        item({ invoiceId: 'A', dueDate: '2027-11-01', openMinor: 500n, history: own(0) }),
        item({ invoiceId: 'B', dueDate: '2028-02-02', openMinor: 900n, history: own(0) }),
      ],
      promises: [
        {
          promiseId: 'P1',
          currency: 'EUR',
          invoiceIds: ['A'],
          promisedDate: '2028-01-25',
          amountMinor: 500n,
        },
        {
          promiseId: 'P2',
          currency: 'EUR',
          invoiceIds: ['B'],
          promisedDate: '2028-06-30',
          amountMinor: 900n,
        },
      ],
    });
    // Without its promise A (90 days past due, 0 days usual delay) would be stale.
    expect(weeksOf(eur)).toEqual({ 1: 500n });
    expect(eur?.later).toBe(900n);
    expect(eur?.overdueNotExpected).toBe(0n);
  });

  it('ignores a promise in another currency and promises naming unknown invoices', () => {
    const [eur] = run({
      items: [item({ invoiceId: 'A', dueDate: '2028-03-31', openMinor: 500n, history: own(0) })],
      promises: [
        {
          promiseId: 'P1',
          currency: 'USD',
          invoiceIds: ['A'],
          promisedDate: '2028-02-01',
          amountMinor: 500n,
        },
        {
          promiseId: 'P2',
          currency: 'EUR',
          invoiceIds: ['Z'],
          promisedDate: '2028-02-01',
          amountMinor: 500n,
        },
      ],
    });
    expect(weeksOf(eur)).toEqual({ 9: 500n }); // 2028-03-31 is day 60 → week 9
  });

  it('no longer expects an amount more than 7 days (the default staleDays) past its expected date', () => {
    const [eur] = run({
      items: [
        item({ dueDate: '2028-01-20', openMinor: 10n, history: own(4) }), // expected 01-24, 7 days ago: week 1
        item({ dueDate: '2028-01-20', openMinor: 20n, history: own(3) }), // expected 01-23, 8 days ago: apart
      ],
    });
    expect(weeksOf(eur)).toEqual({ 1: 10n });
    expect(eur?.overdueNotExpected).toBe(20n);
  });

  it('reports overdue amounts not expected within the horizon, and stale ones, apart', () => {
    const [eur] = run({
      weeks: 2,
      items: [
        item({ dueDate: '2028-01-20', openMinor: 100n, history: own(45) }), // expected 03-05, overdue: apart
        item({ dueDate: '2027-10-01', openMinor: 200n, history: own(10) }), // expected 10-11, 112 days ago: stale
        item({ dueDate: '2028-02-20', openMinor: 400n, history: own(10) }), // not due, beyond: later
      ],
    });
    expect(eur?.overdueNotExpected).toBe(300n);
    expect(eur?.later).toBe(400n);
    expect(eur?.weeks).toEqual([0n, 0n]);
    expect(eur?.open).toBe(700n);
  });

  it('sums weeks, later, overdue-not-expected and disputed to the open total', () => {
    const items = Array.from({ length: 40 }, (_, i) =>
      item({
        currency: i % 2 ? 'EUR' : 'JPY',
        dueDate: isoDateOf(dayNumber('2027-09-01') + i * 9),
        openMinor: BigInt(100 + i),
        disputedMinor: i % 7 === 0 ? 50n : 0n,
        history: i % 3 ? own(i - 10) : none,
      }),
    );
    for (const forecast of run({ items, portfolioMedianDaysLate: 12 })) {
      const sum = forecast.weeks.reduce((a, b) => a + b, 0n);
      expect(sum + forecast.later + forecast.overdueNotExpected + forecast.disputed).toBe(forecast.open);
    }
  });
});

describe('naiveCollections', () => {
  it('takes due dates as they are: overdue at once, disputes and promises ignored', () => {
    const [eur] = naiveCollections({
      asOf: '2028-01-31',
      weeks: 13,
      portfolioMedianDaysLate: 30,
      items: [
        item({
          invoiceId: 'A',
          dueDate: '2027-06-01',
          openMinor: 100n,
          disputedMinor: 100n,
          history: own(40),
        }),
        item({ dueDate: '2028-02-29', openMinor: 200n, history: own(40) }),
      ],
      promises: [
        { promiseId: 'P', currency: 'EUR', invoiceIds: ['A'], promisedDate: '2028-04-01', amountMinor: 100n },
      ],
    });
    expect(weeksOf(eur)).toEqual({ 1: 100n, 5: 200n });
    expect(eur?.disputed).toBe(0n);
  });
});
