import { createPool, migrate } from '@dunning/pg';
import { deleteTopics, dropSchemas, testInfra, testLogger, uniqueName, waitFor } from '@dunning/testing';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  createKafka,
  type EventConsumer,
  type EventProducer,
  ensureTopics,
  kafkaMigrations,
  RejectedEventError,
  startEventConsumer,
} from '../src/index.ts';

const TestEvent = z.strictObject({
  id: z.string(),
  type: z.literal('test.counted'),
  data: z.strictObject({ counter: z.string(), by: z.number().int() }),
});
type TestEvent = z.infer<typeof TestEvent>;

describe('startEventConsumer', () => {
  const { kafkaBrokers, databaseUrl } = testInfra();
  const schema = uniqueName('consumer');
  const prefix = `${schema}.`;
  const logger = testLogger('event-consumer-test');
  const kafka = createKafka({ brokers: kafkaBrokers, clientId: 'event-consumer-test', logger });
  let pool: pg.Pool;
  let producer: EventProducer;
  const consumers: EventConsumer[] = [];

  beforeAll(async () => {
    await migrate({ databaseUrl, schema, sets: [kafkaMigrations] });
    pool = createPool({ connectionString: databaseUrl, schema, applicationName: 'event-consumer-test' });
    await pool.query('CREATE TABLE counters (name text PRIMARY KEY, value bigint NOT NULL)');
    producer = await kafka.producer();
  });
  afterAll(async () => {
    await Promise.all(consumers.map((c) => c.stop()));
    await producer.disconnect();
    await pool.end();
    await dropSchemas(databaseUrl, [schema]);
    await deleteTopics(kafkaBrokers, prefix);
  });

  async function counter(name: string): Promise<bigint | undefined> {
    const result = await pool.query<{ value: bigint }>('SELECT value FROM counters WHERE name = $1', [name]);
    return result.rows[0]?.value;
  }

  async function start(
    topic: string,
    handleFailures: { transientLeft: number } = { transientLeft: 0 },
    transaction?: Parameters<typeof startEventConsumer<TestEvent>>[0]['transaction'],
  ) {
    await ensureTopics(kafka.admin(), [topic], { partitions: 2 });
    const consumer = await startEventConsumer<TestEvent>({
      kafka,
      pool,
      producer,
      logger,
      name: `${topic}.counter`,
      topics: { [topic]: TestEvent },
      retry: { initialMs: 20, maxMs: 100 },
      transaction,
      async handle(event, tx) {
        if (event.data.by < 0) throw new RejectedEventError('a counter never goes down');
        // A value the database cannot hold: the same error on every retry.
        if (event.data.counter === 'beyond-bigint')
          await tx.query('SELECT 9223372036854775807::bigint + $1::bigint', [event.data.by]);
        if (handleFailures.transientLeft > 0) {
          handleFailures.transientLeft--;
          throw new Error('database hiccup');
        }
        await tx.query(
          `INSERT INTO counters (name, value) VALUES ($1, $2)
           ON CONFLICT (name) DO UPDATE SET value = counters.value + excluded.value`,
          [event.data.counter, event.data.by],
        );
        return { status: 'applied' };
      },
    });
    consumers.push(consumer);
    await consumer.ready;
  }

  /** The first `count` dead letters of a topic: reason and source offset. */
  async function deadLettersOf(topic: string, count: number): Promise<{ reason: string; offset: string }[]> {
    const letters: { reason: string; offset: string }[] = [];
    const dlq = await kafka.reader({
      groupId: `${topic}.dlq-reader`,
      topics: [`${topic}.dlq`],
      onMessage: (m) => {
        letters.push({ reason: m.headers['dlq.reason'] ?? '', offset: m.headers['dlq.source.offset'] ?? '' });
      },
    });
    await waitFor(() => letters.length >= count, { what: `${count} dead letters` });
    await dlq.stop();
    return letters;
  }

  const message = (id: string, counterName: string, by: number) => ({
    key: counterName,
    value: JSON.stringify({ id, type: 'test.counted', data: { counter: counterName, by } }),
  });

  it('applies an event delivered several times exactly once', async () => {
    const topic = `${prefix}dedupe`;
    await start(topic);
    const first = message('e-1', 'a', 5);
    await producer.send({ topic, messages: [first, first, message('e-2', 'a', 1), first] });
    await producer.send({ topic, messages: [first, message('e-3', 'a', 10)] });
    await waitFor(async () => (await counter('a')) === 16n, { what: 'counter a = 16' });
    await producer.send({ topic, messages: [message('e-2', 'a', 1)] });
    await producer.send({ topic, messages: [message('e-4', 'marker', 1)] });
    await waitFor(async () => (await counter('marker')) === 1n, { what: 'the marker' });
    expect(await counter('a')).toBe(16n);
  });

  it('dead-letters malformed and rejected messages with their reason and goes on', async () => {
    const topic = `${prefix}poison`;
    await start(topic);
    await producer.send({
      topic,
      messages: [
        { key: 'b', value: '{not json' },
        {
          key: 'b',
          value: JSON.stringify({ id: 'p-1', type: 'test.counted', data: { counter: 'b', by: 'x' } }),
        },
        message('p-2', 'b', -3),
        message('p-3', 'b', 2),
        message('p-4', 'b', 3),
      ],
    });
    await waitFor(async () => (await counter('b')) === 5n, { what: 'counter b = 5' });

    const letters = await deadLettersOf(topic, 3);
    const reasons = letters.map((l) => l.reason).sort();
    expect(reasons[0]).toMatch(/^invalid JSON/);
    expect(reasons[1]).toBe('rejected: a counter never goes down');
    expect(reasons[2]).toMatch(/^schema: data\.by: /);
  });

  it('lets a service write what a chunk produced once, in the same transaction', async () => {
    const topic = `${prefix}hooks`;
    let begun = 0;
    await start(topic, undefined, {
      begin: () => {
        begun++;
      },
      beforeCommit: async (tx) => {
        await tx.query(
          `INSERT INTO counters (name, value) VALUES ('d-commits', 1)
           ON CONFLICT (name) DO UPDATE SET value = counters.value + 1`,
        );
      },
    });
    await producer.send({ topic, messages: [1, 2, 3, 4, 5].map((n) => message(`h-${n}`, 'd', n)) });
    await waitFor(async () => (await counter('d')) === 15n, { what: 'counter d = 15' });
    // At least one chunk committed through the hook, never more chunks than events.
    const commits = await counter('d-commits');
    expect(commits).toBeGreaterThanOrEqual(1n);
    expect(commits).toBeLessThanOrEqual(5n);
    expect(begun).toBeGreaterThanOrEqual(Number(commits));
  });

  it('hands a chunk handler each new event once, in order, and dead-letters only the rejected one', async () => {
    const topic = `${prefix}chunks`;
    await ensureTopics(kafka.admin(), [topic], { partitions: 1 });
    const chunkSizes: number[] = [];
    const seen: string[] = [];
    const consumer = await startEventConsumer<TestEvent>({
      kafka,
      pool,
      producer,
      logger,
      name: `${topic}.counter`,
      topics: { [topic]: TestEvent },
      retry: { initialMs: 20, maxMs: 100 },
      async handleChunk(events, tx) {
        chunkSizes.push(events.length);
        if (events.some((event) => event.data.by < 0))
          throw new RejectedEventError('a counter never goes down');
        seen.push(...events.map((event) => event.id));
        await tx.query(
          `INSERT INTO counters (name, value) SELECT 'e', sum(by) FROM unnest($1::int[]) AS by
           ON CONFLICT (name) DO UPDATE SET value = counters.value + excluded.value`,
          [events.map((event) => event.data.by)],
        );
        return events.map(() => ({ status: 'applied' as const }));
      },
    });
    consumers.push(consumer);
    await consumer.ready;
    // One send, one partition: one chunk holding a duplicate and a rejected event among good ones.
    const messages = [1, 2, 3, 4, 5, 6, 7, 8].map((n) => message(`k-${n}`, 'e', n));
    await producer.send({
      topic,
      messages: [...messages.slice(0, 5), message('k-bad', 'e', -1), messages[1]!, ...messages.slice(5)],
    });
    await waitFor(async () => (await counter('e')) === 36n, { what: 'counter e = 36' });

    const letters: string[] = [];
    const dlq = await kafka.reader({
      groupId: `${topic}.dlq-reader`,
      topics: [`${topic}.dlq`],
      onMessage: (m) => {
        letters.push(`${JSON.parse(String(m.value)).id}: ${m.headers['dlq.reason']}`);
      },
    });
    await waitFor(() => letters.length >= 1, { what: 'the dead letter' });
    await dlq.stop();
    expect(letters).toEqual(['k-bad: rejected: a counter never goes down']);
    // Applied once each, in order; the chunk was handled set-based before being split to find k-bad.
    expect(seen).toEqual(messages.map((_, i) => `k-${i + 1}`));
    expect(Math.max(...chunkSizes)).toBeGreaterThan(1);
  });

  it('dead-letters an event the database refuses on every try instead of retrying it forever', async () => {
    const topic = `${prefix}refused`;
    await start(topic);
    await producer.send({
      topic,
      // One key, so one partition: the events behind the refused one wait for it.
      messages: [
        message('r-1', 'beyond-bigint', 1),
        message('r-2', 'after', 4),
        message('r-3', 'after', 1),
      ].map((m) => ({ ...m, key: 'one-partition' })),
    });
    // Both events behind it are applied: the partition is not held by the refused one.
    await waitFor(async () => (await counter('after')) === 5n, { what: 'counter after = 5' });
    const letters = await deadLettersOf(topic, 1);
    expect(letters).toEqual([
      {
        reason: 'rejected: the database refused it: a number out of its column range (SQLSTATE 22003)',
        offset: '0',
      },
    ]);
  });

  it('retries a transient failure without losing or repeating the event', async () => {
    const topic = `${prefix}transient`;
    await start(topic, { transientLeft: 3 });
    await producer.send({ topic, messages: [message('t-1', 'c', 7), message('t-2', 'c', 1)] });
    await waitFor(async () => (await counter('c')) === 8n, { what: 'counter c = 8' });
  });
});
