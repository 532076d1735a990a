import { dlqTopic, Topics } from '@dunning/contracts';
import { createKafka, type KafkaClient } from '@dunning/kafka';
import { testInfra, testLogger, waitFor } from '@dunning/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customer, invoice, type LedgerUnderTest, startLedger } from './ledger-harness.ts';
import {
  type ErpMessage,
  generateErpStream,
  inOrder,
  shuffledWithDuplicates,
} from './ledger-stream-generator.ts';

let kafka: KafkaClient;
const ledgers: LedgerUnderTest[] = [];
beforeAll(() => {
  kafka = createKafka({
    brokers: testInfra().kafkaBrokers,
    clientId: 'ledger-stream',
    logger: testLogger('kafka'),
  });
});
afterAll(async () => {
  for (const ledger of ledgers) await ledger.close();
});

async function produce(ledger: LedgerUnderTest, messages: ErpMessage[]): Promise<void> {
  const producer = await kafka.producer();
  const topic = `${ledger.topicPrefix}${Topics.erpEvents}`;
  for (let i = 0; i < messages.length; i += 2000) {
    await producer.send({
      topic,
      messages: messages.slice(i, i + 2000).map((m) => ({ key: m.key, value: JSON.stringify(m.event) })),
    });
  }
  await producer.disconnect();
}

/** Reads a topic from the beginning until `count` messages arrived. */
async function readTopic(
  topic: string,
  count: number,
  group: string,
): Promise<{ value: string; reason?: string }[]> {
  const read: { value: string; reason?: string }[] = [];
  const reader = await kafka.reader({
    groupId: group,
    topics: [topic],
    onMessage: (message) => {
      const reason = message.headers['dlq.reason'];
      read.push({ value: String(message.value), ...(reason ? { reason } : {}) });
    },
  });
  await waitFor(() => read.length >= count, { what: `${count} messages on ${topic}`, timeoutMs: 120_000 });
  await reader.stop();
  return read;
}

async function count(ledger: LedgerUnderTest, sql: string): Promise<number> {
  return (await ledger.pool.query<{ n: number }>(`SELECT (${sql})::int AS n`)).rows[0]?.n ?? -1;
}

describe('erp.events.v1 out of order and duplicated', () => {
  it('holds a payment that comes before its invoice and sends a conflicting duplicate to the DLQ', async () => {
    const ledger = await startLedger({ prefix: 'kafka_ooo' });
    ledgers.push(ledger);
    await ledger.service.erpConsumer.ready;
    const envelope = (id: string, type: string, data: object): ErpMessage => ({
      key: 'c-k',
      event: {
        specversion: '1.0',
        id,
        source: '/erp/test',
        type,
        time: '2026-10-01T00:00:00Z',
        data: data as Record<string, unknown>,
      },
    });
    const pay = {
      paymentId: 'p-k',
      invoiceId: 'i-k',
      amount: '40.00',
      currency: 'EUR',
      receivedAt: '2026-10-02',
    };
    await produce(ledger, [
      envelope('e1', 'erp.customer.upserted', { customerId: 'c-k', ...customer() }),
      envelope('e2', 'erp.payment.received', pay),
      envelope('e3', 'erp.payment.received', { ...pay, amount: '41.00' }),
      envelope('e4', 'erp.invoice.issued', invoice('i-k', 'c-k', '100.00', 'EUR')),
      envelope('e2', 'erp.payment.received', pay),
    ]);
    await waitFor(async () => (await ledger.get('/v1/invoices/i-k')).body?.balance === '60.00', {
      what: 'the held payment applied',
    });
    const letters = await readTopic(
      dlqTopic(`${ledger.topicPrefix}${Topics.erpEvents}`),
      1,
      `${ledger.name}-dlq`,
    );
    expect(letters).toHaveLength(1);
    expect(letters[0]?.reason).toMatch(/payment p-k exists with a different body/);
    expect(await count(ledger, 'SELECT count(*) FROM invoice_entries WHERE kind = $$payment$$')).toBe(1);
  });

  it('a shuffled stream of 10k events with 20% duplicates yields exactly the ledger of the same stream in order', async () => {
    const streams = generateErpStream(20261128, 200, 10_000);
    const ordered = inOrder(streams);
    const shuffled = shuffledWithDuplicates(streams, 7, 0.2);
    expect(ordered.length).toBeGreaterThanOrEqual(10_000);
    expect(shuffled.length).toBeGreaterThan(ordered.length * 1.15);
    const types = new Set(ordered.map((m) => m.event.type));
    expect(types.size).toBe(7);

    const [inOrderLedger, shuffledLedger] = await Promise.all([
      startLedger({ prefix: 'stream_a' }),
      startLedger({ prefix: 'stream_b' }),
    ]);
    ledgers.push(inOrderLedger, shuffledLedger);
    await Promise.all([inOrderLedger.service.erpConsumer.ready, shuffledLedger.service.erpConsumer.ready]);
    const started = Date.now();
    await Promise.all([produce(inOrderLedger, ordered), produce(shuffledLedger, shuffled)]);

    const invoices = ordered.filter((m) => m.event.type === 'erp.invoice.issued').length;
    const commands = ordered.filter(
      (m) => !['erp.invoice.issued', 'erp.customer.upserted'].includes(m.event.type),
    ).length;
    for (const ledger of [inOrderLedger, shuffledLedger]) {
      await waitFor(
        async () => {
          const progress = [
            await count(ledger, 'SELECT count(*) FROM invoices'),
            await count(ledger, 'SELECT count(*) FROM ledger_commands'),
            await count(ledger, 'SELECT count(*) FROM pending_commands'),
            await count(ledger, 'SELECT count(*) FROM outbox'),
          ];
          if (progress.join() === [invoices, commands, 0, 0].join()) return true;
          throw new Error(
            `invoices, commands, pending, outbox: ${progress.join()} of ${invoices},${commands},0,0`,
          );
        },
        { what: `${ledger.name} to apply the stream`, timeoutMs: 420_000, intervalMs: 500 },
      );
    }
    const elapsed = Date.now() - started;
    console.log(
      `stream: ${ordered.length} + ${shuffled.length} events applied and published in ${elapsed} ms`,
    );

    const ledgerState = async (ledger: LedgerUnderTest) =>
      (
        await ledger.pool.query(`
          SELECT i.invoice_id, i.balance_minor::text, sum(e.amount_minor)::text AS entries,
                 string_agg(e.kind || ':' || e.source_id || ':' || e.amount_minor, ',' ORDER BY e.kind, e.source_id) AS booked,
                 EXISTS (SELECT 1 FROM disputes d WHERE d.invoice_id = i.invoice_id AND d.status = 'open') AS disputed
          FROM invoices i JOIN invoice_entries e USING (invoice_id) GROUP BY i.invoice_id ORDER BY i.invoice_id`)
      ).rows;
    const credits = async (ledger: LedgerUnderTest) =>
      (
        await ledger.pool.query(
          'SELECT customer_id, currency, sum(amount_minor)::text AS credit FROM customer_credits GROUP BY 1, 2 ORDER BY 1, 2',
        )
      ).rows;
    const [stateA, stateB] = await Promise.all([ledgerState(inOrderLedger), ledgerState(shuffledLedger)]);
    expect(stateA).toHaveLength(invoices);
    expect(stateB).toEqual(stateA);
    for (const row of stateA) expect(row.balance_minor).toBe(row.entries);
    expect(await credits(shuffledLedger)).toEqual(await credits(inOrderLedger));
    expect(stateA.some((row) => row.disputed)).toBe(true);
    expect(stateA.some((row) => row.balance_minor === '0')).toBe(true);
    expect((await credits(inOrderLedger)).length).toBeGreaterThan(0);
    const views = async (ledger: LedgerUnderTest) =>
      (await ledger.get('/v1/customers/cust-7/invoices')).body.invoices.map(
        (view: { invoiceId: string; balance: string; status: string; disputed: boolean }) =>
          `${view.invoiceId}:${view.balance}:${view.status}:${view.disputed}`,
      );
    expect(await views(shuffledLedger)).toEqual(await views(inOrderLedger));

    // What other services see: the ledger topic, read back from Kafka.
    const published = async (ledger: LedgerUnderTest) => {
      const expected = await count(ledger, 'SELECT count(*) FROM facts_log');
      const messages = await readTopic(
        `${ledger.topicPrefix}${Topics.ledgerEvents}`,
        expected,
        `${ledger.name}-reader`,
      );
      return messages
        .map(({ value }) => {
          const event = JSON.parse(value) as { type: string; subject: string; data: Record<string, unknown> };
          return [event.type, event.subject, event.data.amount ?? '', event.data.unapplied ?? ''].join('|');
        })
        .sort();
    };
    const [factsA, factsB] = await Promise.all([published(inOrderLedger), published(shuffledLedger)]);
    expect(factsA.length).toBeGreaterThan(ordered.length);
    expect(factsB).toEqual(factsA);
    const kinds = new Set(factsA.map((fact) => fact.split('|')[0]));
    expect([...kinds].sort()).toEqual([
      'ledger.customer.upserted',
      'ledger.dispute.opened',
      'ledger.dispute.resolved',
      'ledger.invoice.balance-changed',
      'ledger.invoice.cancelled',
      'ledger.invoice.issued',
      'ledger.invoice.settled',
      'ledger.payment.received',
    ]);
  }, 600_000);
});
