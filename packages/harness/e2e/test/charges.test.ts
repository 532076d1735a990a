import { Topics } from '@dunning/contracts';
import type { InvoicesService } from '@dunning/invoices/service';
import { adminAuth, waitFor } from '@dunning/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DunningEventsRecorder, recordDunningEvents } from '../src/dunning-events-recorder.ts';
import { type PlatformUnderTest, platformUnderTest } from '../src/platform-under-test.ts';
import { customerBody } from '../src/samples.ts';

// One simulated day lasts 200 ms. The invoice falls due after one day; the reminder (day 10 overdue)
// levies a fee and interest, the overdue notice (day 30, 4 s later: time for the ledger's booking to
// reach dunning) another fee and the interest of days 11–30.
const DAY_MS = 200;

interface ChargeItem {
  kind: string;
  chargeId: string;
  chargeKind: 'fee' | 'interest';
  amount: string;
  open: string;
  status: string;
}
interface Statement {
  openItems: unknown[];
  charges: ChargeItem[];
  totals: { currency: string; open: string; charges: string; net: string }[];
}

describe('charges levied by dunning, booked once by the ledger (invoices + dunning, real infrastructure)', () => {
  let platform: PlatformUnderTest;
  let invoices: InvoicesService;
  let dunning: Awaited<ReturnType<PlatformUnderTest['startDunning']>>;
  let recorder: DunningEventsRecorder;

  beforeAll(async () => {
    platform = platformUnderTest({ dayMs: DAY_MS });
    invoices = await platform.startInvoices();
    dunning = await platform.startDunning();
    recorder = await recordDunningEvents(platform);
  }, 120_000);
  afterAll(async () => {
    await recorder?.stop();
    await platform?.close();
  });

  const call = async (app: InvoicesService['app'], method: string, url: string, payload?: object) => {
    const response = await app.inject({ method, url, headers: adminAuth, ...(payload ? { payload } : {}) });
    return { status: response.statusCode, body: response.json() };
  };
  const statement = async () =>
    (await call(invoices.app, 'GET', '/v1/customers/cust-charges/statement')).body as Statement;
  const today = new Date().toISOString().slice(0, 10);

  it('a fee levied by a notice is booked once though delivered three times across a ledger restart; interest survives the payment; a waiver reverses it', {
    timeout: 90_000,
  }, async () => {
    const step = (level: number, offsetDays: number, name: string, fee: string) => ({
      level,
      offsetDays,
      name,
      actions: ['email'],
      templateKey: `dunning.${name}`,
      charges: { fees: [{ amount: fee, currency: 'CNY' }], annualInterestRate: '0.08' },
    });
    const policy = await call(dunning.app, 'PUT', '/v1/policies/standard', {
      steps: [step(1, 10, 'reminder', '50.00'), step(2, 30, 'overdue-notice', '80.00')],
    });
    expect(policy.status).toBe(201);
    await call(invoices.app, 'PUT', '/v1/customers/cust-charges', {
      ...customerBody('charges'),
      timezone: 'UTC',
    });
    const issued = await call(invoices.app, 'POST', '/v1/invoices', {
      invoiceId: 'inv-charges',
      customerId: 'cust-charges',
      number: 'N-charges',
      currency: 'CNY',
      amount: '1000.00',
      issueDate: today,
      dueDate: today,
    });
    expect(issued.status).toBe(201);

    // The reminder levies a fee and interest; the ledger books both.
    // What dunning published (the test's own replay below is on the topic too, under another id).
    const levied = () =>
      recorder
        .distinct('dunning.charge.levied')
        .filter((e) => e.source === '/services/dunning' && !e.id.endsWith('.replayed'));
    const [fee, interest] = await waitFor(() => levied().length >= 2 && levied(), {
      what: "the reminder's charges",
      timeoutMs: 30_000,
    });
    expect([fee!.data.kind, interest!.data.kind]).toEqual(['fee', 'interest']);
    await waitFor(async () => (await statement()).charges.length >= 2, { what: 'the charges booked' });

    // Delivered again under its id, the ledger restarts, then replayed under another id.
    const send = (event: unknown) =>
      platform.send(Topics.dunningEvents, [{ key: 'cust-charges', value: JSON.stringify(event) }]);
    await send(fee);
    await invoices.stop();
    invoices = await platform.startInvoices();
    await invoices.dunningConsumer.ready;
    await send({ ...fee, id: `${fee!.id}.replayed` });

    // The overdue notice's charges come after them on the customer's partition: once they are booked,
    // the duplicates were seen. It lists the reminder's charges as still open.
    const all = await waitFor(() => levied().length >= 4 && levied(), {
      what: "the overdue notice's charges",
      timeoutMs: 30_000,
    });
    await waitFor(async () => (await statement()).charges.length >= 4, { what: 'all charges booked' });
    const ledger = platform.pool('invoices');
    const rows = await ledger.query('SELECT count(*)::int AS n FROM charges WHERE charge_id = $1', [fee!.id]);
    expect(rows.rows[0].n).toBe(1);
    const charges = (await statement()).charges;
    expect(charges.map((c) => c.chargeId)).toEqual(all.map((e) => e.data.chargeId));
    expect(charges.every((c) => c.kind === 'charge')).toBe(true);
    const overdueNotice = recorder
      .distinct('dunning.action.requested')
      .find((a) => a.data.step === 'overdue-notice')!;
    expect(overdueNotice.data.openCharges?.map((c) => c.chargeId)).toEqual([fee!.id, interest!.id]);
    const secondInterest = all.find((e) => e.data.kind === 'interest' && e.id !== interest!.id)!;
    expect(secondInterest.data.period!.fromDay).toBe(interest!.data.period!.toDay);

    // The principal is paid: the interest stays owed, apart from it.
    await call(invoices.app, 'POST', '/v1/payments', {
      paymentId: 'pay-charges',
      invoiceId: 'inv-charges',
      amount: '1000.00',
      currency: 'CNY',
      receivedAt: new Date().toISOString(),
    });
    const afterPayment = await statement();
    expect(afterPayment.openItems).toEqual([]);
    const totalMinor = all.reduce((sum, e) => sum + Math.round(Number(e.data.amount) * 100), 0);
    expect(afterPayment.totals[0]).toMatchObject({ open: '0.00', charges: (totalMinor / 100).toFixed(2) });
    expect(afterPayment.charges.find((c) => c.chargeId === interest!.id)).toMatchObject({ status: 'open' });

    // Waived: the ledger books the reversal, the total drops, and dunning hears of it.
    const waived = await call(invoices.app, 'POST', `/v1/charges/${encodeURIComponent(fee!.id)}/waive`, {
      reason: 'first reminder fee waived as a goodwill gesture',
    });
    expect(waived.status).toBe(201);
    const afterWaiver = await statement();
    expect(afterWaiver.totals[0]!.charges).toBe(((totalMinor - 5000) / 100).toFixed(2));
    expect(afterWaiver.charges.find((c) => c.chargeId === fee!.id)).toMatchObject({
      status: 'waived',
      open: '0.00',
    });
    await waitFor(
      async () =>
        (
          await platform
            .pool('dunning')
            .query("SELECT 1 FROM ledger_charges WHERE charge_id = $1 AND status = 'waived'", [fee!.id])
        ).rowCount === 1,
      { what: 'dunning to hear of the waiver' },
    );
    const view = (await call(invoices.app, 'GET', '/v1/invoices/inv-charges')).body as {
      timeline: { what: string; sourceId: string }[];
    };
    expect(view.timeline.filter((t) => t.what === 'charge').map((t) => t.sourceId)).toEqual(
      all.map((e) => e.data.chargeId),
    );
    expect(view.timeline.find((t) => t.what === 'charge-waived')?.sourceId).toBe(fee!.id);
  });
});
