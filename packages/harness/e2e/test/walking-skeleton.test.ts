import { LEDGER_INVOICE_BALANCE_CHANGED, LEDGER_INVOICE_ISSUED, Topics } from '@dunning/contracts';
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

  it('records a POSTed invoice and its balance change in dunning exactly once, even when their events are delivered twice', async () => {
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

    // Everything invoices publishes, read from the topic itself (nothing dedupes what is on it).
    const ledgerTopic = `${platform.topicPrefix}${Topics.ledgerEvents}`;
    const seen: ReceivedMessage[] = [];
    const reader = await platform.kafka().reader({
      groupId: `${platform.topicPrefix}reader`,
      topics: [ledgerTopic],
      onMessage: (message) => void seen.push(message),
    });
    const facts = (type: string, invoiceId: string) =>
      seen.filter((m) => {
        const event = JSON.parse(m.value?.toString() ?? '{}') as {
          type?: string;
          data?: { invoiceId?: string };
        };
        return event.type === type && event.data?.invoiceId === invoiceId;
      });

    // The ERP retries: same body, same invoice, no second fact.
    const replay = await invoices.app.inject({
      headers: adminAuth,
      method: 'POST',
      url: '/v1/invoices',
      payload: invoiceBody('inv-1', 'c-1'),
    });
    expect(replay.statusCode).toBe(200);
    // A part payment: a balance change, which dunning applies on top of what it holds.
    const paid = await invoices.app.inject({
      headers: adminAuth,
      method: 'POST',
      url: '/v1/payments',
      payload: {
        paymentId: 'pay-1',
        invoiceId: 'inv-1',
        amount: '200.50',
        currency: 'CNY',
        receivedAt: new Date().toISOString(),
      },
    });
    expect(paid.statusCode, paid.body).toBe(201);
    const [issued, balanceChanged] = await waitFor(
      () => {
        const found = [facts(LEDGER_INVOICE_ISSUED, 'inv-1'), facts(LEDGER_INVOICE_BALANCE_CHANGED, 'inv-1')];
        return found.every((messages) => messages.length > 0) && found;
      },
      { what: 'the issue and balance change of inv-1 on the ledger topic' },
    );

    // Kafka redelivers: the very same two ledger messages arrive again.
    await platform.send(
      Topics.ledgerEvents,
      [...issued!, ...balanceChanged!].map((m) => ({ key: m.key, value: m.value })),
    );

    // The marker: a later invoice of the same customer, on the same partition after the redelivered
    // messages. Once dunning has its case and it is on the topic, everything before it was handled.
    await invoices.app.inject({
      headers: adminAuth,
      method: 'POST',
      url: '/v1/invoices',
      payload: invoiceBody('inv-2', 'c-1'),
    });
    await waitFor(() => getFound(dunning.app, '/v1/invoices/inv-2/dunning'), { what: 'the case of inv-2' });
    await waitFor(() => facts(LEDGER_INVOICE_ISSUED, 'inv-2').length > 0, { what: 'inv-2 on the topic' });
    await reader.stop();

    // Invoices published each fact once (the retried POST added none; the two copies sent above are
    // the redelivery)...
    expect(facts(LEDGER_INVOICE_ISSUED, 'inv-1')).toHaveLength(2);
    expect(facts(LEDGER_INVOICE_BALANCE_CHANGED, 'inv-1')).toHaveLength(2);
    // ...and dunning applied each once: one opening, one balance change in the case's timeline (its
    // rows have no key but a sequence), and one ladder of steps, as many as were planned.
    const timeline = await platform
      .pool('dunning')
      .query<{ kind: string; n: number }>(
        "SELECT kind, count(*)::int AS n FROM case_timeline WHERE invoice_id = 'inv-1' GROUP BY kind",
      );
    const kinds = Object.fromEntries(timeline.rows.map((row) => [row.kind, row.n]));
    expect(kinds).toMatchObject({ opened: 1, 'balance-changed': 1 });
    expect(await countRows(platform, "dunning_steps WHERE invoice_id = 'inv-1'")).toBe(kinds.planned);
    expect(kinds.planned).toBeGreaterThan(0);
    expect(await getFound(dunning.app, '/v1/invoices/inv-1/dunning')).toMatchObject({ balance: '1000.00' });
  });
});
