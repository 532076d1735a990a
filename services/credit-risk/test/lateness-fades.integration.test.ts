import { LEDGER_INVOICE_SETTLED, LEDGER_PAYMENT_RECEIVED } from '@dunning/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customer, invoice, type RiskHarness, startRiskHarness, waitFor } from './risk-harness.ts';

// Compressed days: the 90-day recent window lasts 18 s, room for a loaded CI machine to apply the
// payment and release the hold before the window ends.
const DAY_MS = 200;

describe('the periodic re-score lets old lateness fade (compressed days)', () => {
  let h: RiskHarness;
  beforeAll(async () => {
    h = await startRiskHarness({ DAY_MS: String(DAY_MS), RESCORE_INTERVAL_MS: '300' });
  });
  afterAll(async () => {
    await h.close();
  });

  it('a customer who paid 70 days late climbs back to B once the payment leaves the recent window', async () => {
    const id = 'fader';
    await h.publishLedger([
      customer(id),
      invoice({
        invoiceId: 'f-1',
        customerId: id,
        amount: '500.00',
        currency: 'CNY',
        overdueAt: new Date(Date.now() - 70 * DAY_MS),
      }),
    ]);
    await waitFor(async () => (await h.risk(id))?.onHold === true, { what: 'hold' });
    const paidAt = new Date().toISOString();
    await h.publishLedger([
      {
        type: LEDGER_PAYMENT_RECEIVED,
        data: {
          paymentId: 'fp-1',
          customerId: id,
          currency: 'CNY',
          amount: '500.00',
          receivedAt: paidAt,
          applications: [{ invoiceId: 'f-1', amount: '500.00', daysLate: 70 }],
          unapplied: '0.00',
        },
      },
      {
        type: LEDGER_INVOICE_SETTLED as typeof LEDGER_INVOICE_SETTLED,
        data: {
          invoiceId: 'f-1',
          customerId: id,
          currency: 'CNY',
          amount: '500.00',
          settledAt: paidAt,
          how: 'paid' as const,
          daysLate: 70,
        },
      },
    ]);
    const paid = await waitFor(
      async () => {
        const risk = await h.risk(id);
        return risk?.onHold === false && risk;
      },
      { what: 'released after paying' },
    );
    expect(paid.class).toBe('C');

    const faded = await waitFor(
      async () => {
        const risk = await h.risk(id);
        return risk?.class === 'B' && risk;
      },
      { what: 'back to B', timeoutMs: 45_000 },
    );
    expect(faded.trigger).toMatch(/^periodic re-score/);
    const factors = faded.factors as { name: string; value: unknown }[];
    expect(factors.find((f) => f.name === 'recentDaysLate')?.value).toBeNull();
    expect(factors.find((f) => f.name === 'avgDaysLate')?.value).toBe(70);
    const published = await waitFor(
      () =>
        h.riskEvents.find(
          (e) =>
            e.type === 'risk.assessment.changed' &&
            e.subject === id &&
            e.data.class === 'B' &&
            e.data.previous !== null,
        ),
      { what: 'the change back to B published' },
    );
    expect(published.data.trigger).toMatch(/^periodic re-score/);
  });
});
