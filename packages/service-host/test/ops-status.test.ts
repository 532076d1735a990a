import { createKafka, ensureTopics, kafkaMigrations, startEventConsumer } from '@dunning/kafka';
import { outboxMigrations, writeToOutbox } from '@dunning/outbox';
import { createPool, migrate, withTransaction } from '@dunning/pg';
import { createHttpApp, httpSecurityFromConfig } from '@dunning/service-runtime';
import {
  adminAuth,
  deleteTopics,
  dropSchemas,
  testAdminKey,
  testInfra,
  testLogger,
  uniqueName,
  waitFor,
} from '@dunning/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type OpsStatusOptions, opsStatusRoutes } from '../src/index.ts';

/** An app serving only the ops status, with the admin key of the tests. */
function opsApp(logger: ReturnType<typeof testLogger>, options: OpsStatusOptions) {
  return createHttpApp({
    name: 'ops-test',
    version: '0',
    logger,
    readinessChecks: [],
    security: httpSecurityFromConfig({
      ADMIN_API_KEY: testAdminKey,
      RATE_LIMIT_PER_MINUTE: 600,
      CORS_ORIGINS: [],
    }),
    routes: async (routes) => {
      await routes.register(opsStatusRoutes, options);
    },
  });
}

describe('GET /v1/ops/status', () => {
  const { kafkaBrokers, databaseUrl } = testInfra();
  const schema = uniqueName('ops');
  const topic = `${schema}.facts`;
  afterAll(async () => {
    await dropSchemas(databaseUrl, [schema]);
    await deleteTopics(kafkaBrokers, `${schema}.`);
  });

  it('reports consumer lag per partition, the outbox backlog, queue counts and dead letters', async () => {
    const logger = testLogger('ops');
    const kafka = createKafka({ brokers: kafkaBrokers, clientId: 'ops-test', logger });
    const admin = kafka.admin();
    await admin.connect();
    await ensureTopics(admin, [topic], { partitions: 2 });
    const producer = await kafka.producer();
    await producer.send({
      topic,
      messages: Array.from({ length: 6 }, (_, i) => ({ partition: i % 2, value: `m${i}` })),
    });
    await producer.send({ topic: `${topic}.dlq`, messages: [{ value: 'bad-1' }, { value: 'bad-2' }] });
    await producer.disconnect();
    const groupId = `${schema}.reader`;
    await admin.setOffsets(groupId, topic, [{ partition: 0, offset: '1' }]);

    await migrate({ databaseUrl, schema, sets: [outboxMigrations] });
    const pool = createPool({ connectionString: databaseUrl, schema, applicationName: 'ops-test' });
    await withTransaction(pool, (tx) =>
      writeToOutbox(
        tx,
        schema,
        [1, 2, 3].map((n) => ({ topic, key: 'k', event: { id: `o-${n}` } })),
      ),
    );

    const app = opsApp(logger, {
      admin,
      pool,
      consumers: [{ groupId, topics: [topic] }],
      queues: [{ name: 'deliveries', getJobCounts: async () => ({ waiting: 4, failed: 1 }) }],
    });
    const response = await app.inject({ method: 'GET', url: '/v1/ops/status', headers: adminAuth });
    expect(response.statusCode).toBe(200);
    const status = response.json();
    const lag = status.consumers.find((c: { topic: string }) => c.topic === topic);
    // Partition 0 holds 3 messages, 1 of them read; partition 1 holds 3, none read.
    expect(lag.partitions).toEqual([
      { partition: 0, committed: '1', end: '3', lag: '2' },
      { partition: 1, committed: '-1', end: '3', lag: '3' },
    ]);
    expect(lag.totalLag).toBe('5');
    expect(status.outbox.backlog).toBe(3);
    expect(status.outbox.oldestAgeSeconds).toBeGreaterThanOrEqual(0);
    expect(status.queues).toEqual([{ name: 'deliveries', counts: { waiting: 4, failed: 1 } }]);
    expect(status.deadLetters).toEqual([{ topic: `${topic}.dlq`, messages: '2' }]);

    await app.close();
    await pool.end();
    await admin.disconnect();
  });

  it('names a partition whose consumer makes no progress', { timeout: 60_000 }, async () => {
    const logger = testLogger('ops-stall');
    const kafka = createKafka({ brokers: kafkaBrokers, clientId: 'ops-stall-test', logger });
    const admin = kafka.admin();
    await admin.connect();
    const held = `${schema}.held`;
    await ensureTopics(admin, [held], { partitions: 1 });
    const stallSchema = `${schema}_stall`;
    await migrate({ databaseUrl, schema: stallSchema, sets: [kafkaMigrations, outboxMigrations] });
    const pool = createPool({
      connectionString: databaseUrl,
      schema: stallSchema,
      applicationName: 'ops-stall',
    });
    const producer = await kafka.producer();
    let release: () => void = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const groupId = `${held}.reader`;
    const consumer = await startEventConsumer({
      kafka,
      pool,
      producer,
      logger,
      name: groupId,
      topics: { [held]: z.strictObject({ id: z.string() }) },
      stallAfterMs: 1_000,
      handle: async () => {
        await released;
        return { status: 'applied' };
      },
    });
    await consumer.ready;
    const app = opsApp(logger, {
      admin,
      pool,
      consumers: [{ groupId, topics: [held], stalls: () => consumer.stalls() }],
    });
    const status = async () =>
      (await app.inject({ method: 'GET', url: '/v1/ops/status', headers: adminAuth })).json();
    expect((await status()).stalls).toEqual([]);

    await producer.send({ topic: held, messages: [{ key: 'k', value: JSON.stringify({ id: 'held-1' }) }] });
    await waitFor(async () => (await status()).stalls.length > 0, { timeoutMs: 20_000, what: 'the stall' });
    const [stall] = (await status()).stalls;
    expect(stall).toEqual({
      groupId,
      topic: held,
      partition: 0,
      offset: '0',
      stalledForSeconds: expect.any(Number),
    });
    expect(stall.stalledForSeconds).toBeGreaterThanOrEqual(1);

    release();
    await waitFor(async () => (await status()).stalls.length === 0, { what: 'the stall to clear' });
    await app.close();
    await consumer.stop();
    await producer.disconnect();
    await pool.end();
    await dropSchemas(databaseUrl, [stallSchema]);
    await admin.disconnect();
  });
});
