import {
  DUNNING_PROMISE_BROKEN,
  LEDGER_INVOICE_CANCELLED,
  LEDGER_INVOICE_SETTLED,
  LEDGER_PAYMENT_RECEIVED,
} from '@dunning/contracts';
import { adminAuth } from '@dunning/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY } from '../scripts/ledger-history-generator.ts';
import { countAssessments } from '../src/db/assessments.queries.ts';
import { customer, invoice, type RiskHarness, startRiskHarness, waitFor } from './risk-harness.ts';

const daysFromNow = (days: number) => new Date(Date.now() + days * DAY);

describe('credit-risk through real Kafka and PostgreSQL: behaviour, bursts, concentration', () => {
  let h: RiskHarness;
  beforeAll(async () => {
    h = await startRiskHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  /** The concentration report's flagged customers in one currency. */
  async function flagsIn(currency: string): Promise<{ customerId: string; currency: string }[]> {
    const report = (
      await h.service.app.inject({ headers: adminAuth, method: 'GET', url: '/v1/reports/concentration' })
    ).json() as { customers: { customerId: string; currency: string }[] };
    return report.customers.filter((c) => c.currency === currency);
  }

  it('a customer drifting late goes from B to C with a red warning and a hold, and recovers after paying', async () => {
    const id = 'drifter';
    await h.publishLedger([
      customer(id),
      invoice({
        invoiceId: 'd-1',
        customerId: id,
        amount: '1000.00',
        currency: 'CNY',
        overdueAt: daysFromNow(10),
      }),
    ]);
    const first = await waitFor(
      async () => {
        const risk = await h.risk(id);
        return risk?.class === 'B' && risk;
      },
      { what: 'class B' },
    );
    expect(first).toMatchObject({ warning: 'none', onHold: false, currency: 'CNY', modelVersion: 'risk-v1' });
    expect(first.creditLimit).toBe('20000.00');

    // An invoice the ledger reports 70 days past due.
    await h.publishLedger([
      invoice({
        invoiceId: 'd-2',
        customerId: id,
        amount: '5000.00',
        currency: 'CNY',
        overdueAt: daysFromNow(-70),
      }),
    ]);
    const red = await waitFor(
      async () => {
        const risk = await h.risk(id);
        return risk?.warning === 'red' && risk;
      },
      { what: 'red warning' },
    );
    expect(red).toMatchObject({ class: 'C', onHold: true });
    const factors = red.factors as { name: string; value: unknown; contribution: number }[];
    expect(factors.find((f) => f.name === 'maxDaysPastDue')).toMatchObject({ value: 71 });
    expect(factors.find((f) => f.name === 'maxDaysPastDue')!.contribution).toBeLessThan(-19);
    await waitFor(() => h.riskEvents.some((e) => e.type === 'risk.credit-hold.placed' && e.subject === id), {
      what: 'hold placed event',
    });

    const now = new Date().toISOString();
    await h.publishLedger([
      {
        type: LEDGER_PAYMENT_RECEIVED,
        data: {
          paymentId: 'p-1',
          customerId: id,
          currency: 'CNY',
          amount: '6000.00',
          receivedAt: now,
          applications: [
            { invoiceId: 'd-1', amount: '1000.00', daysLate: 0 },
            { invoiceId: 'd-2', amount: '5000.00', daysLate: 70 },
          ],
          unapplied: '0.00',
        },
      },
      ...(['d-1', 'd-2'] as const).map((invoiceId, i) => ({
        type: LEDGER_INVOICE_SETTLED as typeof LEDGER_INVOICE_SETTLED,
        data: {
          invoiceId,
          customerId: id,
          currency: 'CNY',
          amount: i === 0 ? '1000.00' : '5000.00',
          settledAt: now,
          how: 'paid' as const,
          daysLate: i === 0 ? 0 : 70,
        },
      })),
    ]);
    const recovered = await waitFor(
      async () => {
        const risk = await h.risk(id);
        return risk?.onHold === false && risk.warning !== 'red' && risk;
      },
      { what: 'hold released' },
    );
    expect(recovered.class).toBe('C'); // paying 70 days late is remembered until it fades
    await waitFor(
      () => h.riskEvents.some((e) => e.type === 'risk.credit-hold.released' && e.subject === id),
      {
        what: 'hold released event',
      },
    );
    const changes = h.riskEvents.filter((e) => e.type === 'risk.assessment.changed' && e.subject === id);
    expect(changes.map((e) => [e.data.class, e.data.warning, e.data.onHold])).toEqual([
      ['B', 'none', false],
      ['C', 'red', true],
      ['C', 'yellow', false],
    ]);

    const history = await h.service.app.inject({
      headers: adminAuth,
      method: 'GET',
      url: `/v1/customers/${id}/risk/history`,
    });
    const assessments = history.json().assessments as { trigger: string; changed: boolean; inputs: object }[];
    expect(assessments.length).toBeGreaterThanOrEqual(3);
    expect(assessments.filter((a) => a.changed)).toHaveLength(3);
    expect(assessments.at(-1)!.trigger).toMatch(/^ledger\./);
    expect(assessments[0]!.inputs).toHaveProperty('avgDaysLate', 35);
  });

  it('a burst of 1,000 events for one customer gives a handful of assessments', async () => {
    const id = 'bursty';
    await h.publishLedger([
      customer(id),
      ...Array.from({ length: 999 }, (_, i) =>
        invoice({
          invoiceId: `b-${i}`,
          customerId: id,
          amount: '10.00',
          currency: 'USD',
          overdueAt: daysFromNow(30),
        }),
      ),
    ]);
    await waitFor(
      async () => {
        const open = await h.service.host.pool.query(
          "SELECT count(*)::int AS n FROM risk_invoices WHERE customer_id = $1 AND status = 'open'",
          [id],
        );
        const dirty = await h.service.host.pool.query(
          'SELECT dirty FROM risk_customers WHERE customer_id = $1',
          [id],
        );
        return open.rows[0].n === 999 && dirty.rows[0]?.dirty === false;
      },
      { what: '1,000 events applied and assessed' },
    );
    const assessments = await countAssessments(h.service.host.pool, id);
    expect(assessments).toBeGreaterThanOrEqual(1);
    expect(assessments).toBeLessThanOrEqual(10);
    const risk = await h.risk(id);
    expect(risk).toMatchObject({ currency: 'USD' });
  });

  it('flags a customer holding more than 30% of the open receivables of a currency', async () => {
    await h.publishLedger([
      invoice({
        invoiceId: 'k-1',
        customerId: 'whale',
        amount: '8000.00',
        currency: 'EUR',
        overdueAt: daysFromNow(20),
      }),
      invoice({
        invoiceId: 'k-2',
        customerId: 'minnow-1',
        amount: '1000.00',
        currency: 'EUR',
        overdueAt: daysFromNow(20),
      }),
      invoice({
        invoiceId: 'k-3',
        customerId: 'minnow-2',
        amount: '1000.00',
        currency: 'EUR',
        overdueAt: daysFromNow(20),
      }),
    ]);
    const flagged = await waitFor(
      async () => {
        const eur = await flagsIn('EUR');
        return eur.length > 0 && eur;
      },
      { what: 'EUR concentration flag' },
    );
    expect(flagged).toEqual([
      expect.objectContaining({ customerId: 'whale', currency: 'EUR', share: 0.8, exposure: '8000.00' }),
    ]);
    const event = await waitFor(
      () => h.riskEvents.find((e) => e.type === 'risk.concentration.flagged' && e.subject === 'whale'),
      { what: 'concentration flagged event' },
    );
    expect(event.data).toMatchObject({ share: '0.8000', threshold: '0.3000', currency: 'EUR' });

    // Once the whale's invoice is cancelled, nobody holds more than 30%... but each minnow now holds 50%.
    await h.publishLedger([
      {
        type: LEDGER_INVOICE_CANCELLED,
        data: { invoiceId: 'k-1', customerId: 'whale', cancelledAt: new Date().toISOString() },
      },
    ]);
    const after = await waitFor(
      async () => {
        const eur = await flagsIn('EUR');
        return !eur.some((c) => c.customerId === 'whale') && eur;
      },
      { what: 'whale unflagged' },
    );
    expect(after.map((c) => c.customerId).sort()).toEqual(['minnow-1', 'minnow-2']);
  });

  it('flags an exposure beyond a bigint of minor units, each invoice within it', async () => {
    // The flag's exposure is a sum: it was written to a bigint column and the pass failed there, for
    // every customer, on every run.
    const huge = '9000000000000000000';
    await h.publishLedger([
      ...['t-1', 't-2'].map((invoiceId) =>
        invoice({
          invoiceId,
          customerId: 'titan',
          amount: huge,
          currency: 'KRW',
          overdueAt: daysFromNow(20),
        }),
      ),
      invoice({
        invoiceId: 't-3',
        customerId: 'gnat',
        amount: '1000',
        currency: 'KRW',
        overdueAt: daysFromNow(20),
      }),
    ]);
    const flagged = await waitFor(
      async () => {
        return (await flagsIn('KRW'))[0];
      },
      { what: 'KRW concentration flag' },
    );
    expect(flagged).toMatchObject({ customerId: 'titan', currency: 'KRW', exposure: '18000000000000000000' });
    const event = await waitFor(
      () => h.riskEvents.find((e) => e.type === 'risk.concentration.flagged' && e.subject === 'titan'),
      { what: 'titan flagged event' },
    );
    expect(event.data).toMatchObject({ currency: 'KRW', exposure: '18000000000000000000' });
  });

  it('broken promises to pay from dunning.events.v1 raise the warning', async () => {
    const id = 'promiser';
    await h.publishLedger([customer(id)]);
    await waitFor(() => h.risk(id), { what: 'first assessment' });
    const promise = (n: number) => ({
      type: DUNNING_PROMISE_BROKEN as typeof DUNNING_PROMISE_BROKEN,
      data: {
        promiseId: `pr-${n}`,
        customerId: id,
        invoiceIds: ['x-1'],
        promisedDate: '2026-11-01',
        amount: '100.00',
        currency: 'CNY',
        at: new Date().toISOString(),
      },
    });
    await h.publishDunning([promise(1), promise(2)]);
    const risk = await waitFor(
      async () => {
        const r = await h.risk(id);
        return r?.warning === 'yellow' && r;
      },
      { what: 'yellow after broken promises' },
    );
    const factors = risk.factors as { name: string; value: unknown; contribution: number }[];
    expect(factors.find((f) => f.name === 'brokenPromises')).toEqual({
      name: 'brokenPromises',
      value: 2,
      contribution: -4,
    });
  });
});
