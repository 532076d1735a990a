import { createEvent } from '@dunning/contracts';
import { adminAuth, waitFor } from '@dunning/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertPromise } from '../src/db/promises.queries.ts';
import type { DunningService } from '../src/service.ts';
import { type DunningUnderTest, dunningUnderTest } from './support/dunning-under-test.ts';
import { issued } from './support/ledger-feed.ts';

function paid(
  customerId: string,
  invoiceId: string,
  currency: string,
  amount: string,
  previousBalance: string,
  balance: string,
) {
  return createEvent({
    type: 'ledger.invoice.balance-changed',
    source: '/services/invoices',
    data: {
      invoiceId,
      customerId,
      currency,
      amount,
      previousBalance,
      balance,
      cause: 'payment',
      sourceId: `pay-${invoiceId}-${balance}`,
      occurredAt: new Date().toISOString(),
    },
  });
}

describe('a promise to pay counts payments in its own currency only', () => {
  let run: DunningUnderTest;
  let service: DunningService;

  beforeAll(async () => {
    run = await dunningUnderTest();
    service = await run.start();
  });
  afterAll(async () => {
    await run?.close();
  });

  const promise = async () =>
    (
      await run.pool.query<{ status: string; paid_minor: bigint }>(
        "SELECT status, paid_minor FROM payment_promises WHERE promise_id = 'p-fx'",
      )
    ).rows[0];
  const balanceChanges = async (invoiceId: string) => {
    const response = await service.app.inject({
      headers: adminAuth,
      method: 'GET',
      url: `/v1/invoices/${invoiceId}/dunning`,
    });
    return response.json().timeline.filter((t: { kind: string }) => t.kind === 'balance-changed').length;
  };

  it('ignores a payment in another currency on an invoice it covers, and is kept by its own', async () => {
    // A call task (and so its promise) covers every invoice of its notice, in whatever currency; its
    // amount is in the task's currency (here KWD, 3 decimals; the other invoice is in JPY, 0 decimals).
    const later = new Date(Date.now() + 3_600_000);
    await run.feed.publish([
      issued('c-fx', 'i-fx-kwd', later, '500.000', 'KWD'),
      issued('c-fx', 'i-fx-jpy', later, '900000', 'JPY'),
    ]);
    await waitFor(
      async () => (await balanceChanges('i-fx-kwd')) === 0 && (await balanceChanges('i-fx-jpy')) === 0,
    );
    const client = await run.pool.connect();
    try {
      await insertPromise(client, {
        promiseId: 'p-fx',
        customerId: 'c-fx',
        taskId: 't-fx',
        collectorId: 'col-fx',
        invoiceIds: ['i-fx-kwd', 'i-fx-jpy'],
        promisedDate: '2099-01-01',
        currency: 'KWD',
        amountMinor: 300_000n, // 300.000 KWD
        checkAt: later,
        recordedAt: new Date(),
        recordedBy: 'test',
      });
    } finally {
      client.release();
    }
    // 400,000 yen paid: counted as minor units it passed the 300,000 fils promised and kept the promise.
    await run.feed.publish([paid('c-fx', 'i-fx-jpy', 'JPY', '900000', '900000', '500000')]);
    await waitFor(async () => (await balanceChanges('i-fx-jpy')) === 1, { what: 'the yen payment applied' });
    expect(await promise()).toEqual({ status: 'pending', paid_minor: 0n });

    await run.feed.publish([paid('c-fx', 'i-fx-kwd', 'KWD', '500.000', '500.000', '350.000')]);
    await waitFor(async () => (await balanceChanges('i-fx-kwd')) === 1);
    expect(await promise()).toEqual({ status: 'pending', paid_minor: 150_000n });
    await run.feed.publish([paid('c-fx', 'i-fx-kwd', 'KWD', '500.000', '350.000', '200.000')]);
    await waitFor(async () => (await promise())?.status === 'kept', { what: 'the promise kept' });
    expect((await promise())?.paid_minor).toBe(300_000n);
    await waitFor(() =>
      run.feed.dunningEvents.some((e) => e.type === 'dunning.promise.kept' && e.data.promiseId === 'p-fx'),
    );
  });
});
