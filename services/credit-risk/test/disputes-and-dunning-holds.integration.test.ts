import {
  DUNNING_CREDIT_HOLD_REQUESTED,
  DUNNING_PROMISE_RECORDED,
  LEDGER_DISPUTE_OPENED,
  LEDGER_DISPUTE_RESOLVED,
  LEDGER_INVOICE_SETTLED,
} from '@dunning/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY } from '../scripts/ledger-history-generator.ts';
import { customer, invoice, type RiskHarness, startRiskHarness, waitFor } from './risk-harness.ts';

const daysFromNow = (days: number) => new Date(Date.now() + days * DAY);

type Factor = { name: string; value: unknown };
const factor = (risk: Record<string, unknown>, name: string) =>
  (risk.factors as Factor[]).find((f) => f.name === name)?.value;

describe('credit-risk: disputed amounts and the holds dunning asks for (real Kafka and PostgreSQL)', () => {
  let h: RiskHarness;
  beforeAll(async () => {
    h = await startRiskHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  const events = (customerId: string, type: string) =>
    h.riskEvents.filter((e) => e.type === type && e.subject === customerId);

  it('an invoice disputed in full is not overdue while the dispute is open: no red, no hold; rejected, it is', async () => {
    const id = 'disputer';
    const disputed = invoice({
      invoiceId: 'dp-1',
      customerId: id,
      amount: '5000.00',
      currency: 'CNY',
      overdueAt: daysFromNow(-70),
    });
    const opened = {
      type: LEDGER_DISPUTE_OPENED,
      data: {
        disputeId: 'dsp-1',
        invoiceId: 'dp-1',
        customerId: id,
        reason: 'goods damaged in transit',
        currency: 'CNY',
        openedAt: new Date().toISOString(),
      },
    } as const;
    await h.publishLedger([customer(id), disputed, opened]);
    const calm = await waitFor(
      async () => {
        const risk = await h.risk(id);
        return risk && factor(risk, 'maxDaysPastDue') === 0 && risk;
      },
      { what: 'an assessment with the dispute applied' },
    );
    expect(calm).toMatchObject({ onHold: false });
    expect(calm.warning).not.toBe('red');
    expect(factor(calm, 'overdueShare')).toBe(0);

    // The dispute is rejected: the 70 days count again.
    await h.publishLedger([
      {
        type: LEDGER_DISPUTE_RESOLVED,
        data: {
          disputeId: 'dsp-1',
          invoiceId: 'dp-1',
          customerId: id,
          resolution: 'rejected',
          currency: 'CNY',
          resolvedAt: new Date().toISOString(),
        },
      },
    ]);
    const red = await waitFor(
      async () => {
        const risk = await h.risk(id);
        return risk?.warning === 'red' && risk;
      },
      { what: 'red once the dispute is rejected' },
    );
    expect(red).toMatchObject({ onHold: true });
    expect(factor(red, 'maxDaysPastDue')).toBe(71);
    expect(factor(red, 'overdueShare')).toBe(1);
  });

  it('a part disputed: only the undisputed rest is overdue', async () => {
    const id = 'part-disputer';
    await h.publishLedger([
      customer(id),
      invoice({
        invoiceId: 'pd-1',
        customerId: id,
        amount: '4000.00',
        currency: 'CNY',
        overdueAt: daysFromNow(-20),
      }),
      {
        type: LEDGER_DISPUTE_OPENED,
        data: {
          disputeId: 'dsp-2',
          invoiceId: 'pd-1',
          customerId: id,
          reason: 'one pallet short',
          currency: 'CNY',
          amount: '1000.00',
          openedAt: new Date().toISOString(),
        },
      },
    ]);
    const risk = await waitFor(
      async () => {
        const found = await h.risk(id);
        return found && factor(found, 'overdueShare') === 0.75 && found;
      },
      { what: 'three quarters overdue' },
    );
    expect(factor(risk, 'maxDaysPastDue')).toBe(21);
  });

  it('a credit hold dunning asks for is placed with reason dunning, once, and lifted when its invoices are paid', async () => {
    const id = 'dunned';
    const requestedAt = new Date().toISOString();
    await h.publishLedger([
      customer(id),
      invoice({
        invoiceId: 'dn-1',
        customerId: id,
        amount: '1000.00',
        currency: 'CNY',
        overdueAt: daysFromNow(5),
      }),
    ]);
    await waitFor(async () => (await h.risk(id))?.class === 'B', { what: 'class B, no hold' });
    expect(await h.risk(id)).toMatchObject({ onHold: false });

    const request = {
      type: DUNNING_CREDIT_HOLD_REQUESTED,
      id: 'hold-req-1',
      data: {
        customerId: id,
        invoiceIds: ['dn-1'],
        step: 'legal-letter',
        reason: 'legal letter sent',
        requestedAt,
      },
    } as const;
    await h.publishDunning([request]);
    const held = await waitFor(
      async () => {
        const risk = await h.risk(id);
        return risk?.onHold === true && risk;
      },
      { what: 'the hold dunning asked for' },
    );
    expect(held.holdReason).toBe('dunning');
    const placed = await waitFor(() => events(id, 'risk.credit-hold.placed')[0], {
      what: 'hold placed event',
    });
    expect(placed.data).toMatchObject({ customerId: id, reason: 'dunning' });

    // Redelivered (the same event) and re-published (another event id, the same request), then a
    // marker on the same partition: once it is applied and assessed, so were the repeats.
    await h.publishDunning([request, { ...request, id: 'hold-req-1-again' }]);
    await h.publishDunning([
      {
        type: DUNNING_PROMISE_RECORDED,
        data: {
          promiseId: 'marker-promise',
          customerId: id,
          invoiceIds: ['dn-1'],
          promisedDate: '2027-01-15',
          amount: '10.00',
          currency: 'CNY',
          collectorId: 'collector-1',
          recordedAt: new Date().toISOString(),
        },
      },
    ]);
    const pool = h.service.host.pool;
    await waitFor(
      async () => {
        const marker = await pool.query('SELECT 1 FROM risk_promises WHERE promise_id = $1', [
          'marker-promise',
        ]);
        const dirty = await pool.query<{ dirty: boolean }>(
          'SELECT dirty FROM risk_customers WHERE customer_id = $1',
          [id],
        );
        return marker.rowCount === 1 && dirty.rows[0]?.dirty === false;
      },
      { what: 'the marker applied and assessed' },
    );
    const requests = await pool.query('SELECT step FROM risk_hold_requests WHERE customer_id = $1', [id]);
    expect(requests.rowCount).toBe(1);
    expect(await h.risk(id)).toMatchObject({ onHold: true, holdReason: 'dunning' });

    // Standing recovers: the invoice is paid, nothing else holds.
    await h.publishLedger([
      {
        type: LEDGER_INVOICE_SETTLED,
        data: {
          invoiceId: 'dn-1',
          customerId: id,
          currency: 'CNY',
          amount: '1000.00',
          settledAt: new Date().toISOString(),
          how: 'paid',
          daysLate: 0,
        },
      },
    ]);
    await waitFor(async () => (await h.risk(id))?.onHold === false, { what: 'the hold lifted' });
    await waitFor(() => events(id, 'risk.credit-hold.released').length === 1, {
      what: 'hold released event',
    });
    // Published after the placement on the same key: every placement is in by now.
    expect(events(id, 'risk.credit-hold.placed')).toHaveLength(1);
  });
});
