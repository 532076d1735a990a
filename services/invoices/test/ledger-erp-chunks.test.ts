import { dlqTopic, ErpEvent, Topics } from '@dunning/contracts';
import { createKafka } from '@dunning/kafka';
import { writeToOutbox } from '@dunning/outbox';
import { withTransaction } from '@dunning/pg';
import { adminAuth, testInfra, testLogger, waitFor } from '@dunning/testing';
import { afterAll, describe, expect, it } from 'vitest';
import type { CommandContext } from '../src/commands/command-context.ts';
import { bufferFacts, takeBufferedFacts } from '../src/commands/ledger-events.ts';
import { handleErpChunk } from '../src/consumers/erp-events.consumer.ts';
import { customer, invoice, type LedgerUnderTest, startLedger } from './ledger-harness.ts';

const ledgers: LedgerUnderTest[] = [];
afterAll(async () => {
  for (const ledger of ledgers) await ledger.close();
});

let sequence = 0;
function erp(type: string, data: Record<string, unknown>, id = `chunk-e${++sequence}`): ErpEvent {
  return ErpEvent.parse({
    specversion: '1.0',
    id,
    source: '/erp/test',
    type,
    time: '2026-10-01T00:00:00Z',
    data,
  });
}

/** One customer's story, in order, woven with two others': every rule that depends on order. */
function mixedChunk(): ErpEvent[] {
  const upsert = (customerId: string, timezone: string) =>
    erp('erp.customer.upserted', { customerId, ...customer(timezone) });
  const issue = (invoiceId: string, customerId: string, amount: string, due = '2026-10-31') =>
    erp('erp.invoice.issued', invoice(invoiceId, customerId, amount, 'CNY', due));
  const pay = (paymentId: string, amount: string, target: Record<string, string>) =>
    erp('erp.payment.received', { paymentId, amount, currency: 'CNY', receivedAt: '2026-10-05', ...target });
  return [
    upsert('c-a', 'UTC'),
    upsert('c-b', 'Asia/Shanghai'),
    issue('a-1', 'c-a', '100.00'),
    issue('b-1', 'c-b', '200.00'),
    // Held until a-3 arrives.
    pay('p-held', '40.00', { invoiceId: 'a-3' }),
    // Oldest first: settles a-1, 50.00 left as credit.
    pay('p-unapplied', '150.00', { customerId: 'c-a' }),
    // Takes 30.00 of the credit.
    issue('a-2', 'c-a', '30.00'),
    issue('b-2', 'c-b', '50.00'),
    // The same invoice again under another event id: a duplicate.
    issue('a-1', 'c-a', '100.00'),
    // Takes the last 20.00 of credit, then the held payment settles it.
    issue('a-3', 'c-a', '60.00'),
    // A new zone: the invoices after it fall due at the end of their day in Berlin.
    upsert('c-a', 'Europe/Berlin'),
    issue('a-4', 'c-a', '80.00', '2026-11-15'),
    erp('erp.credit-note.issued', {
      creditNoteId: 'n-1',
      invoiceId: 'a-4',
      amount: '100.00',
      currency: 'CNY',
      issuedAt: '2026-10-06',
    }),
    // Takes the 20.00 the credit note left.
    issue('a-5', 'c-a', '50.00'),
    erp('erp.dispute.opened', { disputeId: 'd-1', invoiceId: 'a-5', reason: 'damaged', amount: '10.00' }),
    erp('erp.dispute.resolved', { disputeId: 'd-1', resolution: 'upheld' }),
    issue('c-1', 'c-c', '10.00'),
    erp('erp.invoice.cancelled', { invoiceId: 'b-2', reason: 'issued in error' }),
    issue('b-3', 'c-b', '70.00'),
    // Resolved before it is opened: held until the dispute exists.
    erp('erp.dispute.resolved', { disputeId: 'd-2', resolution: 'rejected' }),
    erp('erp.dispute.opened', { disputeId: 'd-2', invoiceId: 'b-3', reason: 'late delivery' }),
  ];
}

/** The same command through the HTTP API: the reference the Kafka path must match. */
async function viaHttp(ledger: LedgerUnderTest, event: ErpEvent): Promise<number> {
  const { type, data } = event as { type: string; data: Record<string, unknown> };
  const { customerId, invoiceId, disputeId, ...rest } = data;
  const request = (() => {
    switch (type) {
      case 'erp.customer.upserted':
        return { method: 'PUT' as const, url: `/v1/customers/${customerId}`, payload: rest };
      case 'erp.invoice.issued':
        return { method: 'POST' as const, url: '/v1/invoices', payload: data };
      case 'erp.payment.received':
        return { method: 'POST' as const, url: '/v1/payments', payload: data };
      case 'erp.credit-note.issued':
        return { method: 'POST' as const, url: '/v1/credit-notes', payload: data };
      case 'erp.invoice.cancelled':
        return { method: 'POST' as const, url: `/v1/invoices/${invoiceId}/cancel`, payload: rest };
      case 'erp.dispute.opened':
        return {
          method: 'POST' as const,
          url: `/v1/invoices/${invoiceId}/disputes`,
          payload: { disputeId, ...rest },
        };
      default:
        return { method: 'POST' as const, url: `/v1/disputes/${disputeId}/resolve`, payload: rest };
    }
  })();
  return (await ledger.service.app.inject({ ...request, headers: adminAuth })).statusCode;
}

/** Everything the ledger holds and published, without what only says how it arrived (source, ids). */
async function ledgerState(ledger: LedgerUnderTest) {
  const rows = async (sql: string) => (await ledger.pool.query(sql)).rows;
  const facts = (await ledger.facts()).map(({ type, subject, data }) => ({ type, subject, data }));
  const customers = [...new Set(facts.map((fact) => fact.data.customerId as string))].sort();
  return {
    customers: await rows('SELECT customer_id, profile FROM customers ORDER BY 1'),
    invoices:
      await rows(`SELECT invoice_id, customer_id, amount_minor, balance_minor, issue_date, due_date, overdue_at,
                                 request FROM invoices ORDER BY 1`),
    entries: await rows(`SELECT invoice_id, kind, source_id, amount_minor, occurred_at FROM invoice_entries
                         ORDER BY invoice_id, entry_id`),
    credits: await rows(`SELECT customer_id, currency, amount_minor, source_kind, source_id, invoice_id
                         FROM customer_credits ORDER BY customer_id, entry_id`),
    disputes:
      await rows(`SELECT dispute_id, invoice_id, status, amount_minor, adjustment_minor, opened_at, resolved_at
                          FROM disputes ORDER BY 1`),
    commands: await rows('SELECT kind, command_id, request, result FROM ledger_commands ORDER BY 1, 2'),
    pending: await rows('SELECT kind, command_id FROM pending_commands ORDER BY pending_id'),
    // Per customer (the Kafka key), in the order written: what consumers rely on.
    facts: customers.map((id) => facts.filter((fact) => fact.data.customerId === id)),
  };
}

describe('erp.events.v1 applied a chunk at a time', () => {
  it('a chunk mixing every type for one customer, with a duplicate inside, ends as the same commands one by one', async () => {
    const [chunked, oneByOne] = await Promise.all([
      startLedger({ prefix: 'chunk_a' }),
      startLedger({ prefix: 'chunk_b' }),
    ]);
    ledgers.push(chunked, oneByOne);
    const events = mixedChunk();
    const context: CommandContext = {
      schema: chunked.name,
      ledgerTopic: `${chunked.topicPrefix}${Topics.ledgerEvents}`,
      source: 'kafka',
      dayMs: 86_400_000,
      now: () => chunked.clock.now,
    };
    const handle = handleErpChunk(context);
    const outcomes = await withTransaction(chunked.pool, async (tx) => {
      bufferFacts(tx);
      const result = await handle(events, tx, { topic: 'erp', partition: 0, logger: testLogger('chunk') });
      await writeToOutbox(tx, chunked.name, takeBufferedFacts(tx));
      return result;
    });
    for (const event of events) expect(await viaHttp(oneByOne, event)).toBeLessThan(300);

    expect(outcomes.filter((o) => o.status === 'skipped')).toEqual([
      { status: 'skipped', reason: 'duplicate' },
    ]);
    const [stateA, stateB] = [await ledgerState(chunked), await ledgerState(oneByOne)];
    expect(stateA).toEqual(stateB);
    // The story did what it says: a-1..a-3 settled by payments and credit, credit used up, d-2 rejected.
    const balances = Object.fromEntries(stateA.invoices.map((i) => [i.invoice_id, String(i.balance_minor)]));
    expect(balances).toEqual({
      'a-1': '0',
      'a-2': '0',
      'a-3': '0',
      'a-4': '0',
      'a-5': '2000',
      'b-1': '20000',
      'b-2': '0',
      'b-3': '7000',
      'c-1': '1000',
    });
    expect(stateA.pending).toEqual([]);
    expect(stateA.disputes.map((d) => `${d.dispute_id}:${d.status}`)).toEqual(['d-1:upheld', 'd-2:rejected']);
    const dueIn = (id: string) => stateA.invoices.find((i) => i.invoice_id === id)?.overdue_at.toISOString();
    expect(dueIn('a-1')).toBe('2026-11-01T00:00:00.000Z');
    expect(dueIn('a-4')).toBe('2026-11-15T23:00:00.000Z');
  });

  it('sends a conflicting invoice in a chunk to the DLQ while the rest of the chunk commits', async () => {
    const ledger = await startLedger({ prefix: 'chunk_dlq' });
    ledgers.push(ledger);
    await ledger.service.erpConsumer.ready;
    const events = [
      erp('erp.customer.upserted', { customerId: 'c-x', ...customer() }),
      ...Array.from({ length: 40 }, (_, n) =>
        erp('erp.invoice.issued', invoice(`x-${n}`, `c-${n % 4}`, '10.00', 'EUR')),
      ),
    ];
    const conflicting = erp('erp.invoice.issued', invoice('x-7', 'c-3', '99.00', 'EUR'), 'chunk-conflict');
    const messages = [...events.slice(0, 20), conflicting, events[5] as ErpEvent, ...events.slice(20)];
    const kafka = createKafka({
      brokers: testInfra().kafkaBrokers,
      clientId: 'chunk-test',
      logger: testLogger('kafka'),
    });
    const producer = await kafka.producer();
    // One send: the events reach the consumer together, one chunk per partition.
    await producer.send({
      topic: `${ledger.topicPrefix}${Topics.erpEvents}`,
      messages: messages.map((event) => ({ key: 'c-x', value: JSON.stringify(event) })),
    });
    await producer.disconnect();
    const count = async (sql: string) => Number((await ledger.pool.query(sql)).rows[0]?.n);
    // The rejected event is not recorded: its transaction rolled back.
    await waitFor(async () => (await count('SELECT count(*) AS n FROM processed_events')) === events.length, {
      what: 'every accepted event recorded',
    });

    const letters: { id: string; reason: string }[] = [];
    const reader = await kafka.reader({
      groupId: `${ledger.name}-dlq`,
      topics: [dlqTopic(`${ledger.topicPrefix}${Topics.erpEvents}`)],
      onMessage: (message) => {
        letters.push({
          id: JSON.parse(String(message.value)).id,
          reason: String(message.headers['dlq.reason']),
        });
      },
    });
    await waitFor(() => letters.length >= 1, { what: 'the dead letter' });
    await reader.stop();
    expect(letters).toEqual([
      { id: 'chunk-conflict', reason: 'rejected: invoice x-7 exists with a different body' },
    ]);
    expect(await count('SELECT count(*) AS n FROM invoices')).toBe(40);
    expect(
      await count(`SELECT count(*) AS n FROM invoices WHERE invoice_id = 'x-7' AND amount_minor = 1000`),
    ).toBe(1);
    const issued = (await ledger.facts()).filter((fact) => fact.type === 'ledger.invoice.issued');
    expect(issued).toHaveLength(40);
  });
});
