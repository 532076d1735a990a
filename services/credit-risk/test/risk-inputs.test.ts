import { describe, expect, it } from 'vitest';
import { riskModelV1 } from '../src/domain/models/v1.ts';
import { deriveRiskInputs, exposureOf } from '../src/domain/risk-inputs.ts';
import { emptySnapshot } from './risk-fixtures.ts';

const dayMs = 1000;
const now = new Date(1_000_000_000);
const daysAgo = (d: number) => new Date(now.getTime() - d * dayMs);
const model = riskModelV1;

function derive(snapshot = emptySnapshot(), limitMinor: bigint | null = null) {
  const exposure = exposureOf(snapshot, { now, dayMs, model, fallbackCurrency: 'CNY' });
  return { exposure, inputs: deriveRiskInputs(snapshot, { now, dayMs, model, limitMinor, exposure }) };
}

describe('deriveRiskInputs', () => {
  it('has no lateness figures without history', () => {
    const { inputs, exposure } = derive(emptySnapshot({ firstSeenAt: daysAgo(10) }));
    expect(inputs.avgDaysLate).toBeNull();
    expect(inputs.recentDaysLate).toBeNull();
    expect(inputs.lateShare).toBeNull();
    expect(inputs.relationshipDays).toBe(10);
    expect(exposure).toEqual({
      currency: 'CNY',
      openMinor: 0n,
      overdueMinor: 0n,
      disputedMinor: 0n,
      monthlyVolumeMinor: 0n,
    });
  });

  it('averages days late over the history window and the recent window separately', () => {
    const { inputs } = derive(
      emptySnapshot({
        payments: [
          { at: daysAgo(10), daysLate: 20 },
          { at: daysAgo(100), daysLate: 0 },
          { at: daysAgo(200), daysLate: 10 },
          { at: daysAgo(400), daysLate: 90 }, // faded out of the history window
        ],
      }),
    );
    expect(inputs.avgDaysLate).toBe(10);
    expect(inputs.recentDaysLate).toBe(20);
  });

  it('clamps extreme days late so one payment cannot dominate', () => {
    const { inputs } = derive(emptySnapshot({ payments: [{ at: daysAgo(1), daysLate: 5000 }] }));
    expect(inputs.avgDaysLate).toBe(180);
  });

  it('computes the late share over the history and over the recent window', () => {
    const settlement = (d: number, late: number) => ({ at: daysAgo(d), daysLate: late, writtenOff: false });
    const { inputs } = derive(
      emptySnapshot({
        settlements: [settlement(10, 5), settlement(20, 3), settlement(150, 0), settlement(200, 4)],
      }),
    );
    expect(inputs.lateShare).toBe(0.75);
    expect(inputs.recentLateShare).toBe(1);
    expect(inputs.settledInvoices).toBe(4);
  });

  it('measures part-payments shrinking', () => {
    const { inputs } = derive(
      emptySnapshot({
        partPayments: [
          { at: daysAgo(5), share: 0.1 },
          { at: daysAgo(200), share: 0.4 },
        ],
      }),
    );
    expect(inputs.partPaymentShrink).toBe(0.75);
  });

  it('counts broken promises in the history window only', () => {
    const { inputs } = derive(
      emptySnapshot({
        promises: [
          { at: daysAgo(5), kept: false },
          { at: daysAgo(6), kept: true },
          { at: daysAgo(500), kept: false },
        ],
      }),
    );
    expect(inputs.brokenPromises).toBe(1);
  });

  it('measures past due, overdue share and utilisation in the main currency', () => {
    const open = (id: string, currency: string, balance: bigint, overdueDaysAgo: number) => ({
      invoiceId: id,
      currency,
      balanceMinor: balance,
      overdueAt: daysAgo(overdueDaysAgo),
    });
    const { inputs, exposure } = derive(
      emptySnapshot({
        openInvoices: [open('a', 'CNY', 3000n, 45), open('b', 'CNY', 1000n, -5), open('c', 'USD', 10n, 300)],
      }),
      8000n,
    );
    expect(exposure.currency).toBe('CNY');
    expect(exposure.openMinor).toBe(4000n);
    expect(exposure.overdueMinor).toBe(3000n);
    expect(inputs.overdueShare).toBe(0.75);
    expect(inputs.limitUtilisation).toBe(0.5);
    // The oldest overdue invoice counts whatever its currency: a day 46 is day 46.
    expect(inputs.maxDaysPastDue).toBe(301);
  });

  it('treats any balance against a zero limit as unbounded utilisation', () => {
    const { inputs } = derive(
      emptySnapshot({
        openInvoices: [{ invoiceId: 'a', currency: 'CNY', balanceMinor: 1n, overdueAt: daysAgo(-1) }],
      }),
      0n,
    );
    expect(inputs.limitUtilisation).toBe(Number.POSITIVE_INFINITY);
  });

  it('derives monthly volume from invoices issued in the history window', () => {
    const { exposure } = derive(
      emptySnapshot({
        firstSeenAt: daysAgo(1000),
        issued: [
          { at: daysAgo(10), currency: 'CNY', amountMinor: 1_300_000n },
          { at: daysAgo(500), currency: 'CNY', amountMinor: 9_999_999n },
        ],
      }),
    );
    // 365 days are 12.2 months, counted as 13.
    expect(exposure.monthlyVolumeMinor).toBe(100_000n);
  });
});

describe('disputed amounts are not overdue', () => {
  const open = (id: string, balance: bigint, overdueDaysAgo: number, currency = 'CNY') => ({
    invoiceId: id,
    currency,
    balanceMinor: balance,
    overdueAt: daysAgo(overdueDaysAgo),
  });

  it('a wholly disputed invoice neither ages the customer nor counts as overdue; it stays open', () => {
    const { inputs, exposure } = derive(
      emptySnapshot({
        openInvoices: [open('a', 3000n, 75), open('b', 1000n, 5)],
        openDisputes: [{ invoiceId: 'a', amountMinor: null }],
      }),
    );
    expect(inputs.maxDaysPastDue).toBe(6);
    expect(exposure).toMatchObject({ openMinor: 4000n, overdueMinor: 1000n, disputedMinor: 3000n });
    expect(inputs.overdueShare).toBe(0.25);
  });

  it('a partly disputed invoice: only the undisputed rest is overdue, and it still ages', () => {
    const { inputs, exposure } = derive(
      emptySnapshot({
        openInvoices: [open('a', 3000n, 75)],
        openDisputes: [
          { invoiceId: 'a', amountMinor: 1000n },
          { invoiceId: 'a', amountMinor: 500n },
        ],
      }),
    );
    expect(inputs.maxDaysPastDue).toBe(76);
    expect(exposure).toMatchObject({ openMinor: 3000n, overdueMinor: 1500n, disputedMinor: 1500n });
    expect(inputs.overdueShare).toBe(0.5);
  });

  it('disputes adding up to the balance (or beyond, after part payments) cover the invoice, no more', () => {
    const { inputs, exposure } = derive(
      emptySnapshot({
        openInvoices: [open('a', 3000n, 75), open('b', 2000n, 40)],
        openDisputes: [
          { invoiceId: 'a', amountMinor: 2000n },
          { invoiceId: 'a', amountMinor: 2000n },
        ],
      }),
    );
    expect(exposure).toMatchObject({ overdueMinor: 2000n, disputedMinor: 3000n });
    expect(inputs.maxDaysPastDue).toBe(41);
  });

  it('0- and 3-decimal currencies: the dispute is in the invoice currency minor units', () => {
    const jpy = derive(
      emptySnapshot({
        openInvoices: [open('y', 15_000n, 30, 'JPY')],
        openDisputes: [{ invoiceId: 'y', amountMinor: 5_000n }],
      }),
    );
    expect(jpy.exposure).toMatchObject({ currency: 'JPY', overdueMinor: 10_000n, disputedMinor: 5_000n });
    const kwd = derive(
      emptySnapshot({
        openInvoices: [open('k', 1_500n, 30, 'KWD')],
        openDisputes: [{ invoiceId: 'k', amountMinor: 1_500n }],
      }),
    );
    expect(kwd.exposure).toMatchObject({ currency: 'KWD', overdueMinor: 0n, disputedMinor: 1_500n });
    expect(kwd.inputs.maxDaysPastDue).toBe(0);
  });

  it('a dispute on another invoice, or on an invoice not yet due, changes nothing overdue', () => {
    const { inputs, exposure } = derive(
      emptySnapshot({
        openInvoices: [open('a', 3000n, 75), open('b', 1000n, -5)],
        openDisputes: [
          { invoiceId: 'b', amountMinor: null },
          { invoiceId: 'zzz', amountMinor: null },
        ],
      }),
    );
    expect(inputs.maxDaysPastDue).toBe(76);
    expect(exposure).toMatchObject({ overdueMinor: 3000n, disputedMinor: 1000n });
  });
});
