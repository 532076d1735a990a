import { createKafka, ensureTopics, kafkaMigrations, startEventConsumer } from '@dunning/kafka';
import { outboxMigrations, writeToOutbox } from '@dunning/outbox';
import { createPool, migrate, withTransaction } from '@dunning/pg';
import { createMetricsRegistry } from '@dunning/service-runtime';
import { deleteTopics, dropSchemas, testInfra, testLogger, uniqueName, waitFor } from '@dunning/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createHostMetrics } from '../src/index.ts';

/** The value of one series in the text exposition, or undefined when it is absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^([a-z_:]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const have = Object.fromEntries(
      [...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map(([, k, v]) => [k as string, v as string]),
    );
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) return Number(match[3]);
  }
  return undefined;
}

describe('host metrics', () => {
  const { kafkaBrokers, databaseUrl } = testInfra();
  const schema = uniqueName('hostmetrics');
  const topic = `${schema}.facts`;
  afterAll(async () => {
    await dropSchemas(databaseUrl, [schema]);
    await deleteTopics(kafkaBrokers, `${schema}.`);
  });

  it('export lag, chunk time, dead letters by reason, outbox, pool and readiness', {
    timeout: 60_000,
  }, async () => {
    const logger = testLogger('host-metrics');
    const kafka = createKafka({ brokers: kafkaBrokers, clientId: 'host-metrics-test', logger });
    const admin = kafka.admin();
    await admin.connect();
    await ensureTopics(admin, [topic], { partitions: 1 });
    await migrate({ databaseUrl, schema, sets: [kafkaMigrations, outboxMigrations] });
    const pool = createPool({
      connectionString: databaseUrl,
      schema,
      applicationName: 'host-metrics',
      max: 3,
    });
    await withTransaction(pool, (tx) =>
      writeToOutbox(
        tx,
        schema,
        [1, 2].map((n) => ({ topic, key: 'k', event: { id: `o-${n}` } })),
      ),
    );
    const producer = await kafka.producer();
    await producer.send({
      topic,
      messages: [
        { key: 'k', value: JSON.stringify({ id: 'e-1' }) },
        { key: 'k', value: '{not json' },
        { key: 'k', value: JSON.stringify({ id: 'e-2', extra: true }) },
        { key: 'k', value: JSON.stringify({ id: 'e-3' }) },
      ],
    });

    const registry = createMetricsRegistry();
    const metrics = createHostMetrics(registry);
    const group = `${schema}.reader`;
    metrics.watch({
      admin,
      pool,
      consumers: [{ groupId: group, topics: [topic] }],
      readinessChecks: [
        { name: 'postgres', check: async () => {} },
        { name: 'redis', check: () => Promise.reject(new Error('down')) },
      ],
    });
    const series = { group, topic };
    // Nothing consumed yet: all four events are lag; seconds behind is unknown until one is applied.
    let text = await registry.metrics();
    expect(sample(text, 'kafka_consumer_lag_events', series)).toBe(4);
    expect(sample(text, 'kafka_consumer_lag_seconds', series)).toBeUndefined();
    expect(sample(text, 'outbox_backlog_events')).toBe(2);
    expect(sample(text, 'outbox_oldest_age_seconds')).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'pg_pool_max_connections')).toBe(3);
    expect(sample(text, 'pg_pool_connections', { state: 'waiting' })).toBe(0);
    expect(sample(text, 'service_ready', { dependency: 'postgres' })).toBe(1);
    expect(sample(text, 'service_ready', { dependency: 'redis' })).toBe(0);

    const consumer = await startEventConsumer({
      kafka,
      pool,
      producer,
      logger,
      name: group,
      metrics: metrics.consumer(group),
      topics: { [topic]: z.strictObject({ id: z.string() }) },
      handle: async () => ({ status: 'applied' }),
    });
    await waitFor(async () => sample(await registry.metrics(), 'kafka_consumer_lag_events', series) === 0, {
      what: 'the group to catch up',
    });
    text = await registry.metrics();
    expect(sample(text, 'kafka_consumer_lag_seconds', series)).toBe(0);
    expect(sample(text, 'kafka_consumer_dead_letters_total', { ...series, reason: 'invalid-json' })).toBe(1);
    expect(sample(text, 'kafka_consumer_dead_letters_total', { ...series, reason: 'schema' })).toBe(1);
    expect(
      sample(text, 'kafka_consumer_dead_letters_total', { ...series, reason: 'rejected' }),
    ).toBeUndefined();
    expect(sample(text, 'kafka_consumer_chunk_duration_seconds_count', series)).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'kafka_consumer_event_delay_seconds_count', series)).toBe(4);

    await consumer.stop();
    await producer.disconnect();
    await pool.end();
    await admin.disconnect();
  });
});
