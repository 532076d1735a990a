import { Topics } from '@dunning/contracts';
import type { ReceivedMessage } from '@dunning/kafka';
import { adminAuth, waitFor } from '@dunning/testing';
import { afterEach, describe, expect, it } from 'vitest';
import {
  customerBody,
  getFound,
  invoiceBody,
  type PlatformUnderTest,
  platformUnderTest,
} from '../src/index.ts';

async function countRows(platform: PlatformUnderTest, sql: string): Promise<number> {
  const result = await platform.pool('dunning').query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`);
  return result.rows[0]!.n;
}

describe('walking skeleton: invoices -> outbox -> Kafka -> dunning', () => {
  let platform: PlatformUnderTest;
  afterEach(() => platform.close());

  it('records a POSTed invoice in dunning exactly once, even when its event is delivered twice', async () => {
    platform = platformUnderTest();
    const invoices = await platform.startInvoices();
    const dunning = await platform.startDunning();

    const customer = await invoices.app.inject({
      headers: adminAuth,
      method: 'PUT',
      url: '/v1/customers/c-1',
      payload: customerBody(),
    });
    expect(customer.statusCode).toBe(200);
    const posted = await invoices.app.inject({
      headers: adminAuth,
      method: 'POST',
      url: '/v1/invoices',
      payload: invoiceBody('inv-1', 'c-1'),
    });
    expect(posted.statusCode).toBe(201);
    expect(posted.json()).toMatchObject({ invoiceId: 'inv-1', amount: '1200.50', balance: '1200.50' });

    const dunningCase = await waitFor(() => getFound(dunning.app, '/v1/invoices/inv-1/dunning'), {
      what: 'the dunning case of inv-1',
    });
    expect(dunningCase).toMatchObject({
      invoiceId: 'inv-1',
      customerId: 'c-1',
      balance: '1200.50',
      status: 'active',
    });

    // The ERP retries: same body, same invoice, no second fact.
    const replay = await invoices.app.inject({
      headers: adminAuth,
      method: 'POST',
      url: '/v1/invoices',
      payload: invoiceBody('inv-1', 'c-1'),
    });
    expect(replay.statusCode).toBe(200);

    // Kafka redelivers: the very same ledger message arrives again.
    const ledgerTopic = `${platform.topicPrefix}${Topics.ledgerEvents}`;
    const seen: ReceivedMessage[] = [];
    const reader = await platform.kafka().reader({
      groupId: `${platform.topicPrefix}replay`,
      topics: [ledgerTopic],
      onMessage: (message) => void seen.push(message),
    });
    await waitFor(() => seen.some((m) => m.value?.toString().includes('ledger.invoice.issued')), {
      what: 'the ledger event',
    });
    await reader.stop();
    const issued = seen.filter((m) => m.value?.toString().includes('ledger.invoice.issued'));
    expect(issued).toHaveLength(1);
    await platform.send(Topics.ledgerEvents, [{ key: issued[0]!.key, value: issued[0]!.value }]);

    // A later invoice passes the redelivered message on the same partition (same customer key).
    await invoices.app.inject({
      headers: adminAuth,
      method: 'POST',
      url: '/v1/invoices',
      payload: invoiceBody('inv-2', 'c-1'),
    });
    await waitFor(async () => (await countRows(platform, 'dunning_cases')) === 2, { what: 'two cases' });
    expect(await countRows(platform, "processed_events WHERE consumer LIKE '%dunning.ledger-events'")).toBe(
      3,
    );
    expect(await countRows(platform, "dunning_cases WHERE invoice_id = 'inv-1'")).toBe(1);
  });
});
