import { createEvent, type DunningEvent } from '@dunning/contracts';
import { adminAuth, waitFor } from '@dunning/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accruedInterest } from '../src/domain/charges.ts';
import type { DunningService } from '../src/service.ts';
import { DAY_MS, type DunningUnderTest, dunningUnderTest } from './support/dunning-under-test.ts';
import { issued } from './support/ledger-feed.ts';

type Levied = Extract<DunningEvent, { type: 'dunning.charge.levied' }>;

const step = (level: number, offsetDays: number, name: string, charges: unknown) => ({
  level,
  offsetDays,
  name,
  actions: ['email'],
  templateKey: `dunning.${name}`,
  charges,
});

describe('charges a notice levies, on real Kafka, PostgreSQL and Redis (DAY_MS=100)', () => {
  let run: DunningUnderTest;
  let service: DunningService;

  beforeAll(async () => {
    run = await dunningUnderTest();
    service = await run.start();
    const put = await service.app.inject({
      method: 'PUT',
      url: '/v1/policies/standard',
      headers: adminAuth,
      payload: {
        // Two seconds between the notices: time for the ledger's booking to come back before the second.
        minimumIntervalDays: 20,
        steps: [
          // The new list of fees per currency, and the older single fee: both are read.
          step(1, 7, 'reminder', {
            fees: [{ amount: '50.00', currency: 'CNY' }],
            annualInterestRate: '0.08',
          }),
          step(2, 30, 'overdue-notice', {
            fee: { amount: '80.00', currency: 'CNY' },
            annualInterestRate: '0.08',
          }),
        ],
      },
    });
    expect(put.statusCode).toBe(201);
  });
  afterAll(async () => {
    await run?.close();
  });

  it('levies fee and interest once per notice, interest from the last levied day, and lists open charges', async () => {
    await run.feed.publish([issued('c-fee', 'i-fee', new Date(Date.now() - 40 * DAY_MS))]);
    const levied = () =>
      run.feed.dunningEvents.filter((e): e is Levied => e.type === 'dunning.charge.levied');
    const first = await waitFor(() => levied().length >= 2 && levied());
    const fee1 = first.find((e) => e.data.kind === 'fee')!;
    const interest1 = first.find((e) => e.data.kind === 'interest')!;
    const reminder = (
      await run.pool.query<{ step_id: string }>(
        "SELECT step_id FROM dunning_steps WHERE invoice_id = 'i-fee' AND name = 'reminder'",
      )
    ).rows[0];
    expect(fee1.id).toBe(`${reminder!.step_id}.fee.CNY`);
    expect(fee1.data).toMatchObject({
      customerId: 'c-fee',
      invoiceIds: ['i-fee'],
      currency: 'CNY',
      amount: '50.00',
    });
    expect(interest1.id).toBe(`${reminder!.step_id}.interest.i-fee`);
    expect(interest1.data).toMatchObject({ invoiceId: 'i-fee', principal: '1000.00', annualRate: '0.08' });
    const p1 = interest1.data.period!;
    expect(p1.fromDay).toBe(0);
    expect(p1.toDay).toBeGreaterThanOrEqual(40);
    expect(interest1.data.amount).toBe(
      (Number(accruedInterest(100_000n, '0.08', p1.toDay)) / 100).toFixed(2),
    );

    // The ledger books the fee (not the interest, yet): the next notice lists it as still open.
    await run.feed.publish([
      createEvent({
        type: 'ledger.charge.booked',
        source: '/services/invoices',
        data: {
          chargeId: fee1.data.chargeId,
          customerId: 'c-fee',
          invoiceIds: ['i-fee'],
          kind: 'fee',
          currency: 'CNY',
          amount: '50.00',
          leviedAt: fee1.data.leviedAt,
          bookedAt: new Date().toISOString(),
        },
      }),
    ]);
    await waitFor(
      async () => (await run.pool.query("SELECT 1 FROM ledger_charges WHERE status = 'open'")).rowCount,
    );

    const all = await waitFor(() => levied().length >= 4 && levied());
    const interest2 = all.find((e) => e.data.kind === 'interest' && e.id !== interest1.id)!;
    const fee2 = all.find((e) => e.data.kind === 'fee' && e.id !== fee1.id)!;
    expect(fee2.data.amount).toBe('80.00');
    // Days 1..p1.toDay were charged by the reminder: the overdue notice charges the days after.
    const p2 = interest2.data.period!;
    expect(p2.fromDay).toBe(p1.toDay);
    expect(p2.toDay - p2.fromDay).toBeGreaterThanOrEqual(20);
    expect(interest2.data.amount).toBe(
      (Number(accruedInterest(100_000n, '0.08', p2.toDay - p2.fromDay)) / 100).toFixed(2),
    );

    const notices = run.feed.actionsFor('i-fee');
    expect(notices.map((n) => n.data.step)).toEqual(['reminder', 'overdue-notice']);
    expect(notices[0]!.data.charges.map((c) => c.chargeId)).toEqual([fee1.id, interest1.id]);
    expect(notices[0]!.data.openCharges).toBeUndefined();
    expect(notices[1]!.data.charges.map((c) => c.chargeId)).toEqual([fee2.id, interest2.id]);
    expect(notices[1]!.data.openCharges).toEqual([
      { chargeId: fee1.id, kind: 'fee', currency: 'CNY', amount: '50.00', leviedAt: fee1.data.leviedAt },
    ]);

    // Exactly once: one row and one event id per charge, a timeline entry each.
    const rows = await run.pool.query('SELECT charge_id FROM levied_charges ORDER BY levied_at, charge_id');
    expect(rows.rowCount).toBe(4);
    expect(new Set(levied().map((e) => e.id)).size).toBe(4);
    const timeline = await run.pool.query(
      "SELECT detail->>'chargeId' AS id FROM case_timeline WHERE invoice_id = 'i-fee' AND kind = 'charge-levied'",
    );
    expect(timeline.rows.map((r) => r.id).sort()).toEqual(
      [fee1.id, fee2.id, interest1.id, interest2.id].sort(),
    );

    // Waived in the ledger: no longer open.
    await run.feed.publish([
      createEvent({
        type: 'ledger.charge.waived',
        source: '/services/invoices',
        data: {
          chargeId: fee1.data.chargeId,
          customerId: 'c-fee',
          invoiceIds: ['i-fee'],
          kind: 'fee',
          currency: 'CNY',
          amount: '50.00',
          reason: 'goodwill',
          waivedAt: new Date().toISOString(),
        },
      }),
    ]);
    await waitFor(
      async () => (await run.pool.query("SELECT 1 FROM ledger_charges WHERE status = 'waived'")).rowCount,
    );
  });
});
