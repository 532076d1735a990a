import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createEvent,
  DUNNING_ACTION_REQUESTED,
  type DunningActionRequestedData,
  type KnownEventType,
  LEDGER_CUSTOMER_UPSERTED,
  type LedgerCustomerUpsertedData,
  type NotificationEvent,
  Topics,
} from '@dunning/contracts';
import { createKafka, type EventProducer, ensureTopics, topicName } from '@dunning/kafka';
import { createPool } from '@dunning/pg';
import { deleteTopics, dropSchemas, testAdminKey, testInfra, testLogger, uniqueName } from '@dunning/testing';
import { stopProcess } from '@dunning/testing/stop-process';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type pg from 'pg';
import { bullPrefix, loadConfig } from '../../src/config.ts';
import { DELIVERY_QUEUE } from '../../src/jobs/delivery-queue.ts';
import { type NotificationsService, startNotificationsService } from '../../src/service.ts';

const mainFile = fileURLToPath(new URL('../../src/main.ts', import.meta.url));
const mainWithCrashFile = fileURLToPath(new URL('./main-with-crash.ts', import.meta.url));

/** One test file's notifications service on the real infrastructure, isolated by schema, topics and queue prefix. */
export function notificationsUnderTest(baseEnv: Record<string, string> = {}) {
  const infra = testInfra();
  const name = uniqueName('ntf');
  const topicPrefix = `${name}.`;
  const outboxDir = mkdtempSync(join(tmpdir(), 'ntf-outbox-'));
  const logger = testLogger('notifications-test');
  const kafka = createKafka({ brokers: infra.kafkaBrokers, clientId: name, logger });
  const stops: (() => Promise<void>)[] = [];
  let producer: EventProducer | undefined;
  let pool: pg.Pool | undefined;
  const published: NotificationEvent[] = [];

  const env = (extra: Record<string, string> = {}): Record<string, string> => ({
    DATABASE_URL: infra.databaseUrl,
    REDIS_URL: infra.redisUrl,
    KAFKA_BROKERS: infra.kafkaBrokers.join(','),
    KAFKA_TOPIC_PREFIX: topicPrefix,
    DB_SCHEMA: name,
    LOG_LEVEL: 'warn',
    ADMIN_API_KEY: testAdminKey,
    PORT: '0',
    // Compressed days: no quiet hours, and a one-minute window for the daily cap.
    DAY_MS: '60000',
    DELIVERY_BACKOFF_MS: '200',
    // Long enough for the first letter (parsing the CJK font blocks the event loop for a while).
    DELIVERY_LOCK_MS: '5000',
    MAIL_OUTBOX_DIR: outboxDir,
    ...baseEnv,
    ...extra,
  });
  const topics = {
    dunning: topicName(topicPrefix, Topics.dunningEvents),
    ledger: topicName(topicPrefix, Topics.ledgerEvents),
    notifications: topicName(topicPrefix, Topics.notificationsEvents),
  };

  async function connectedProducer(): Promise<EventProducer> {
    if (!producer) {
      const admin = kafka.admin();
      await admin.connect();
      await ensureTopics(admin, Object.values(topics));
      await admin.disconnect();
      producer = await kafka.producer();
    }
    return producer;
  }

  return {
    name,
    topics,
    env,
    published,
    async start(extra: Record<string, string> = {}): Promise<NotificationsService> {
      const service = await startNotificationsService(loadConfig(env(extra)), logger);
      stops.push(() => service.stop());
      return service;
    },
    /**
     * The service as its own process (`node src/main.ts`), so a test can crash it for real; with
     * `crashAt`, the test-only entry point that SIGKILLs itself at that point of a delivery.
     */
    spawn(extra: Record<string, string> = {}, crashAt?: 'rendered' | 'sent'): ChildProcess {
      const child = spawn(process.execPath, [crashAt ? mainWithCrashFile : mainFile], {
        env: { ...process.env, ...env(extra), ...(crashAt ? { TEST_CRASH_AT: crashAt } : {}) },
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      stops.push(() => stopProcess(child));
      return child;
    },
    async publishCustomer(customer: LedgerCustomerUpsertedData): Promise<void> {
      const event = createEvent({
        type: LEDGER_CUSTOMER_UPSERTED,
        source: '/test',
        subject: customer.customerId,
        data: customer,
      });
      await (await connectedProducer()).send({
        topic: topics.ledger,
        messages: [{ key: customer.customerId, value: JSON.stringify(event) }],
      });
    },
    /** A ledger fact about one customer (keyed by that customer, as the ledger publishes it). */
    async publishLedger(
      type: KnownEventType,
      data: { customerId: string } & Record<string, unknown>,
      time?: string,
    ): Promise<void> {
      const event = createEvent({
        type,
        source: '/test',
        subject: data.customerId,
        data: data as never,
        ...(time === undefined ? {} : { time }),
      });
      await (await connectedProducer()).send({
        topic: topics.ledger,
        messages: [{ key: data.customerId, value: JSON.stringify(event) }],
      });
    },
    async publishAction(action: DunningActionRequestedData): Promise<void> {
      const event = createEvent({
        type: DUNNING_ACTION_REQUESTED,
        source: '/test',
        subject: action.customerId,
        data: action,
      });
      await (await connectedProducer()).send({
        topic: topics.dunning,
        messages: [{ key: action.customerId, value: JSON.stringify(event) }],
      });
    },
    /** Collects what the service publishes on notifications.events.v1 into `published`. */
    async watchPublished(): Promise<void> {
      await connectedProducer();
      const reader = await kafka.reader({
        groupId: `${name}.watcher`,
        topics: [topics.notifications],
        onMessage: (message) => {
          published.push(JSON.parse(message.value?.toString() ?? '{}') as NotificationEvent);
        },
      });
      stops.push(() => reader.stop());
    },
    pool(): pg.Pool {
      pool ??= createPool({ connectionString: infra.databaseUrl, schema: name, applicationName: 'ntf-test' });
      return pool;
    },
    async close(): Promise<void> {
      for (const stop of stops.reverse()) await stop();
      await producer?.disconnect();
      await pool?.end();
      const redis = new Redis(infra.redisUrl, { maxRetriesPerRequest: null });
      const queue = new Queue(DELIVERY_QUEUE, { connection: redis, prefix: bullPrefix(loadConfig(env())) });
      await queue.obliterate({ force: true });
      await queue.close();
      redis.disconnect();
      await dropSchemas(infra.databaseUrl, [name]);
      await deleteTopics(infra.kafkaBrokers, topicPrefix);
      rmSync(outboxDir, { recursive: true, force: true });
    },
  };
}
