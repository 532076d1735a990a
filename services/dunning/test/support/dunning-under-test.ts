import { createPool } from '@dunning/pg';
import {
  deleteTopics,
  dropSchemas,
  testAdminKey,
  testInfra,
  testLogger,
  uniqueName,
  waitFor,
} from '@dunning/testing';
import type pg from 'pg';
import { type DunningConfig, loadConfig } from '../../src/config.ts';
import { type DunningService, startDunningService } from '../../src/service.ts';
import { UpstreamFeed } from './ledger-feed.ts';

export const DAY_MS = 100;

export interface DunningUnderTest {
  name: string;
  env: Record<string, string>;
  config: DunningConfig;
  feed: UpstreamFeed;
  pool: pg.Pool;
  start(): Promise<DunningService>;
  close(): Promise<void>;
}

/** One isolated dunning run: its own schema, topic prefix, BullMQ prefix and consumer groups. */
export async function dunningUnderTest(overrides: Record<string, string> = {}): Promise<DunningUnderTest> {
  const infra = testInfra();
  const name = uniqueName('dun');
  const env = {
    DATABASE_URL: infra.databaseUrl,
    REDIS_URL: infra.redisUrl,
    KAFKA_BROKERS: infra.kafkaBrokers.join(','),
    KAFKA_TOPIC_PREFIX: `${name}.`,
    DB_SCHEMA: name,
    LOG_LEVEL: 'warn',
    ADMIN_API_KEY: testAdminKey,
    PORT: '0',
    DAY_MS: String(DAY_MS),
    ...overrides,
  };
  const config = loadConfig(env);
  const logger = testLogger('dunning');
  const feed = new UpstreamFeed(infra.kafkaBrokers, env.KAFKA_TOPIC_PREFIX, logger);
  await feed.start();
  const pool = createPool({
    connectionString: infra.databaseUrl,
    schema: name,
    applicationName: 'dunning-test',
  });
  const services: DunningService[] = [];
  return {
    name,
    env,
    config,
    feed,
    pool,
    async start() {
      const service = await startDunningService(config, logger);
      services.push(service);
      await service.ledgerConsumer.ready;
      await service.riskConsumer.ready;
      await service.notificationConsumer.ready;
      return service;
    },
    async close() {
      for (const service of services) await service.stop();
      await feed.stop();
      await pool.end();
      await dropSchemas(infra.databaseUrl, [name]);
      await deleteTopics(infra.kafkaBrokers, env.KAFKA_TOPIC_PREFIX);
    },
  };
}

export interface StepState {
  name: string;
  level: number;
  status: string;
  due_at: Date;
  executed_at: Date | null;
  policy_id: string;
}

export async function stepsOf(pool: pg.Pool, invoiceId: string): Promise<StepState[]> {
  const result = await pool.query<StepState>(
    'SELECT name, level, status, due_at, executed_at, policy_id FROM dunning_steps WHERE invoice_id = $1 ORDER BY due_at, created_at',
    [invoiceId],
  );
  return result.rows;
}

/** Waits until the invoice has no scheduled step left. */
export async function ladderFinished(
  pool: pg.Pool,
  invoiceId: string,
  timeoutMs = 30_000,
): Promise<StepState[]> {
  return waitFor(
    async () => {
      const steps = await stepsOf(pool, invoiceId);
      return steps.length > 0 && steps.every((s) => s.status !== 'scheduled') && steps;
    },
    { timeoutMs, what: `the ladder of ${invoiceId} to finish` },
  );
}

/**
 * Distinct notices per (invoice, step or level, channel): the exactly-once check. Kafka delivery is at least
 * once, so an event may arrive twice with the same id (consumers dedupe on it); a second id would be a
 * second notice.
 */
export function noticeCounts(
  feed: UpstreamFeed,
  invoiceIds: string[],
  by: 'step' | 'level' = 'step',
): Map<string, number> {
  const ids = new Map<string, Set<string>>();
  for (const e of feed.dunningEvents) {
    if (e.type !== 'dunning.action.requested') continue;
    for (const invoice of e.data.invoices) {
      if (!invoiceIds.includes(invoice.invoiceId)) continue;
      // By level: a notice led by another invoice's higher step lists this one at its own level.
      const what = by === 'step' ? e.data.step : (invoice.level ?? e.data.level);
      const key = `${invoice.invoiceId}/${what}/${e.data.channel}`;
      ids.set(key, (ids.get(key) ?? new Set()).add(e.id));
    }
  }
  return new Map([...ids].map(([key, set]) => [key, set.size]));
}
