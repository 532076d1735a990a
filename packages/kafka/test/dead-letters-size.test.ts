import { dlqTopic } from '@dunning/contracts';
import { createPool, migrate } from '@dunning/pg';
import { deleteTopics, dropSchemas, testInfra, testLogger, uniqueName, waitFor } from '@dunning/testing';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  createIdempotentProducer,
  createKafka,
  type EventConsumer,
  type EventProducer,
  ensureTopics,
  kafkaMigrations,
  startEventConsumer,
} from '../src/index.ts';

const Marker = z.strictObject({ id: z.string(), name: z.string() });

// Found by fuzzing erp.events.v1: a chunk holding a few invalid messages of some hundred KB each was
// dead-lettered in one request, above the broker's 1 MB per batch; the non-retriable error stopped
// the consumer for good. A message near the source topic's limit did not fit the DLQ with its headers.
describe('dead letters of any size', () => {
  const { kafkaBrokers, databaseUrl } = testInfra();
  const schema = uniqueName('dlqsize');
  const topic = `${schema}.big`;
  const logger = testLogger('dead-letters-size');
  const kafka = createKafka({ brokers: kafkaBrokers, clientId: 'dead-letters-size', logger });
  let pool: pg.Pool;
  let producer: EventProducer;
  let consumer: EventConsumer | undefined;
  const applied: string[] = [];

  beforeAll(async () => {
    await migrate({ databaseUrl, schema, sets: [kafkaMigrations] });
    pool = createPool({ connectionString: databaseUrl, schema, applicationName: 'dead-letters-size' });
    producer = await createIdempotentProducer(kafka);
    await ensureTopics(kafka.admin(), [topic], 1);
    consumer = await startEventConsumer({
      kafka,
      pool,
      producer,
      logger,
      name: `${topic}.reader`,
      topics: { [topic]: Marker },
      async handle(event) {
        applied.push(event.name);
        return { status: 'applied' };
      },
    });
    await consumer.ready;
  });
  afterAll(async () => {
    await consumer?.stop();
    await producer.disconnect();
    await pool.end();
    await dropSchemas(databaseUrl, [schema]);
    await deleteTopics(kafkaBrokers, `${schema}.`);
  });

  it('sends them all to the DLQ and goes on with the next message', async () => {
    // Each produced alone (each fits a request), read back together in one chunk.
    const sizes = [400_000, 400_000, 400_000, 1_048_400];
    for (const size of sizes)
      await producer.send({ topic, messages: [{ key: 'k', value: 'x'.repeat(size) }] });
    await producer.send({
      topic,
      messages: [{ key: 'k', value: JSON.stringify({ id: 'm-1', name: 'after' }) }],
    });
    await waitFor(() => applied.includes('after'), {
      timeoutMs: 30_000,
      what: 'the message after the big ones',
    });

    const letters: { size: number; reason: string }[] = [];
    const reader = kafka.consumer({ groupId: `${schema}.dlq-reader`, maxBytesPerPartition: 4 * 1024 * 1024 });
    await reader.connect();
    await reader.subscribe({ topic: dlqTopic(topic), fromBeginning: true });
    await reader.run({
      eachMessage: async ({ message }) =>
        void letters.push({
          size: message.value?.length ?? 0,
          reason: String(message.headers?.['dlq.reason']),
        }),
    });
    await waitFor(() => letters.length >= sizes.length, { timeoutMs: 30_000, what: 'four dead letters' });
    await reader.disconnect();
    expect(letters.map((letter) => letter.size)).toEqual(sizes);
    for (const letter of letters) expect(letter.reason).toMatch(/^invalid JSON/);
  }, 60_000);
});
