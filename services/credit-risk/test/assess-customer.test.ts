import { seededRandom } from '@dunning/testing';
import { describe, expect, it } from 'vitest';
import { areaUnderCurve } from '../scripts/area-under-curve.ts';
import { generateCustomer } from '../scripts/ledger-history-generator.ts';
import { assessCustomer } from '../src/domain/assess-customer.ts';
import { riskModelV1 } from '../src/domain/models/v1.ts';
import { type HistoryEvent, HistoryReplay } from '../src/domain/replay-history.ts';
import { emptySnapshot } from './risk-fixtures.ts';

const dayMs = 86_400_000;
const now = new Date('2026-06-01T00:00:00Z');
const daysAgo = (d: number) => new Date(now.getTime() - d * dayMs);
const options = { now, dayMs, model: riskModelV1, previousLimit: null, fallbackCurrency: 'CNY' };

describe('assessCustomer', () => {
  it('a new customer is B with the class floor as limit in the fallback currency', () => {
    const result = assessCustomer(emptySnapshot({ firstSeenAt: now }), options);
    expect(result).toMatchObject({ score: 67, class: 'B', warning: 'none', onHold: false, currency: 'CNY' });
    expect(result.creditLimitMinor).toBe(2_000_000n);
  });

  it('holds a customer whose open balance is above its limit, and says why', () => {
    const result = assessCustomer(
      emptySnapshot({
        firstSeenAt: now,
        openInvoices: [
          { invoiceId: 'i', currency: 'CNY', balanceMinor: 3_000_000n, overdueAt: daysAgo(-10) },
        ],
        issued: [{ at: now, currency: 'CNY', amountMinor: 3_000_000n }],
      }),
      options,
    );
    // Volume 30,000 a month × 2 months for B = 60,000: within the limit.
    expect(result.onHold).toBe(false);
    const breach = assessCustomer(
      emptySnapshot({
        firstSeenAt: now,
        openInvoices: [
          { invoiceId: 'i', currency: 'CNY', balanceMinor: 3_000_000n, overdueAt: daysAgo(-10) },
        ],
        issued: [{ at: now, currency: 'CNY', amountMinor: 3_000_000n }],
        financials: { currentRatio: 0.5, quickRatio: 0.3, debtRatio: 0.9, period: '2026-Q1' },
      }),
      options,
    );
    expect(breach.class).toBe('C');
    expect(breach.creditLimitMinor).toBe(1_500_000n);
    expect(breach).toMatchObject({
      onHold: true,
      holdReason: 'open balance 30000.00 CNY above credit limit 15000.00 CNY',
    });
  });

  it('measures utilisation against the previous limit only in the same currency', () => {
    const snapshot = emptySnapshot({
      openInvoices: [{ invoiceId: 'i', currency: 'CNY', balanceMinor: 100n, overdueAt: daysAgo(-10) }],
    });
    expect(
      assessCustomer(snapshot, { ...options, previousLimit: { currency: 'CNY', limitMinor: 50n } }).inputs
        .limitUtilisation,
    ).toBe(2);
    expect(
      assessCustomer(snapshot, { ...options, previousLimit: { currency: 'USD', limitMinor: 50n } }).inputs
        .limitUtilisation,
    ).toBeNull();
  });
});

describe('HistoryReplay', () => {
  const at = (d: number) => daysAgo(d).toISOString();
  const events: HistoryEvent[] = [
    {
      type: 'ledger.invoice.issued',
      time: at(100),
      data: {
        invoiceId: 'i-1',
        customerId: 'c',
        number: '1',
        currency: 'CNY',
        amount: '100.00',
        balance: '100.00',
        issueDate: '2026-01-01',
        dueDate: '2026-01-31',
        overdueAt: at(70),
      },
    },
    {
      type: 'ledger.invoice.balance-changed',
      time: at(60),
      data: {
        invoiceId: 'i-1',
        customerId: 'c',
        currency: 'CNY',
        amount: '100.00',
        previousBalance: '100.00',
        balance: '75.00',
        cause: 'payment',
        sourceId: 'p-1',
        occurredAt: at(60),
      },
    },
    {
      type: 'ledger.payment.received',
      time: at(50),
      data: {
        paymentId: 'p-2',
        customerId: 'c',
        currency: 'CNY',
        amount: '75.00',
        receivedAt: at(50),
        applications: [{ invoiceId: 'i-1', amount: '75.00', daysLate: 20 }],
        unapplied: '0.00',
      },
    },
    {
      type: 'dunning.promise.broken',
      time: at(55),
      data: {
        promiseId: 'pr',
        customerId: 'c',
        invoiceIds: ['i-1'],
        promisedDate: '2026-04-01',
        amount: '75.00',
        currency: 'CNY',
        at: at(55),
      },
    },
  ];

  it('folds events into the snapshot the consumers would build', () => {
    const replay = new HistoryReplay(dayMs);
    for (const event of events) replay.apply(event);
    const snapshot = replay.snapshot('c')!;
    expect(snapshot.firstSeenAt).toEqual(daysAgo(100));
    expect(snapshot.openInvoices).toEqual([
      { invoiceId: 'i-1', currency: 'CNY', balanceMinor: 7500n, overdueAt: daysAgo(70) },
    ]);
    expect(snapshot.partPayments).toEqual([{ at: daysAgo(60), share: 0.25 }]);
    expect(snapshot.payments).toEqual([{ at: daysAgo(50), daysLate: 20 }]);
    expect(snapshot.promises).toEqual([{ at: daysAgo(55), kept: false }]);
    replay.apply({
      type: 'ledger.invoice.settled',
      time: at(50),
      data: {
        invoiceId: 'i-1',
        customerId: 'c',
        currency: 'CNY',
        amount: '100.00',
        settledAt: at(50),
        how: 'paid',
        daysLate: 20,
      },
    });
    const settled = replay.snapshot('c')!;
    expect(settled.openInvoices).toEqual([]);
    expect(settled.settlements).toEqual([{ at: daysAgo(50), daysLate: 20, writtenOff: false }]);
  });
});

describe('backtest helpers', () => {
  it('areaUnderCurve is 1 for a perfect split, 0.5 for ties, 0 for the reverse', () => {
    expect(
      areaUnderCurve([
        { score: 90, bad: false },
        { score: 10, bad: true },
      ]),
    ).toBe(1);
    expect(
      areaUnderCurve([
        { score: 50, bad: false },
        { score: 50, bad: true },
      ]),
    ).toBe(0.5);
    expect(
      areaUnderCurve([
        { score: 10, bad: false },
        { score: 90, bad: true },
      ]),
    ).toBe(0);
    expect(
      areaUnderCurve([
        { score: 80, bad: false },
        { score: 60, bad: true },
        { score: 70, bad: false },
        { score: 75, bad: true },
      ]),
    ).toBe(0.75);
  });

  it('the generator is reproducible from its seed', () => {
    const a = generateCustomer(1, seededRandom(42));
    const b = generateCustomer(1, seededRandom(42));
    expect(a).toEqual(b);
    expect(a.events.length).toBeGreaterThan(1);
  });
});
