import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig as loadCreditRiskConfig } from '@dunning/credit-risk/config';
import { type CreditRiskService, startCreditRiskService } from '@dunning/credit-risk/service';
import { loadConfig as loadDunningConfig } from '@dunning/dunning/config';
import { type DunningService, startDunningService } from '@dunning/dunning/service';
import { loadConfig as loadInvoicesConfig } from '@dunning/invoices/config';
import { type InvoicesService, startInvoicesService } from '@dunning/invoices/service';
import { createKafka, type EventProducer, type KafkaClient, type Message } from '@dunning/kafka';
import { loadConfig as loadNotificationsConfig } from '@dunning/notifications/config';
import { type NotificationsService, startNotificationsService } from '@dunning/notifications/service';
import { createPool } from '@dunning/pg';
import { platformService, type ServiceName, serviceNames } from '@dunning/platform-manifest';
import type { Receivers } from '@dunning/receivers';
import type { Logger } from '@dunning/service-runtime';
import { deleteTopics, dropSchemas, testAdminKey, testInfra, testLogger, uniqueName } from '@dunning/testing';
import { stopProcess } from '@dunning/testing/stop-process';
import type pg from 'pg';

export type { ServiceName };

export interface PlatformOptions {
  /** Length of a day for every service (DAY_MS); real days unless a test compresses them. */
  dayMs?: number;
  /**
   * Where notifications sends: with the stand-ins of `@dunning/receivers` (`startReceivers()`), email
   * goes through SMTP to its mail server and SMS to its gateway, so a test counts what arrived there;
   * without, email is written to `mailDir` and SMS fail (no gateway) unless `env` names one.
   */
  receivers?: Pick<Receivers, 'smtpPort' | 'smsUrl'>;
  /** Extra environment per service (e.g. the SMS gateway of a test). */
  env?: Partial<Record<ServiceName, Record<string, string>>>;
  /** Each service's logger; by default warnings and errors to stdout (`testLogger`). */
  logger?: (service: ServiceName) => Logger;
}

/**
 * The services of one test, isolated from every other test and run: their own schemas, topic
 * prefix, consumer groups and queues, on the real infrastructure.
 */
export interface PlatformUnderTest {
  topicPrefix: string;
  /** Where the notifications service writes emails when no SMTP server is configured (no `receivers`). */
  mailDir: string;
  schemaOf(service: ServiceName): string;
  env(service: ServiceName): Record<string, string>;
  startInvoices(): Promise<InvoicesService>;
  startCreditRisk(): Promise<CreditRiskService>;
  startDunning(): Promise<DunningService>;
  startNotifications(): Promise<NotificationsService>;
  /**
   * A service as its own process: a test can kill it for real, and its event loop is its own (a
   * fuzz's generator in the test's process does not slow it).
   */
  spawnService(service: ServiceName): ChildProcess;
  /** A pool on a service's schema, to check what it stored. */
  pool(service: ServiceName): pg.Pool;
  /** A Kafka client on the run's broker, for a test's own readers (topics carry `topicPrefix`). */
  kafka(): KafkaClient;
  /** Sends raw messages to one of the run's topics (its name without the prefix), as the ERP would. */
  send(topic: string, messages: Message[]): Promise<void>;
  close(): Promise<void>;
}

export function platformUnderTest(options: PlatformOptions = {}): PlatformUnderTest {
  const infra = testInfra();
  const name = uniqueName('e2e');
  const topicPrefix = `${name}.`;
  const mailDir = mkdtempSync(join(tmpdir(), `${name}-mail-`));
  const schemaOf = (service: ServiceName) => `${name}_${platformService(service).schema}`;
  const stops: (() => Promise<void>)[] = [];
  const pools = new Map<ServiceName, pg.Pool>();
  const loggerOf = options.logger ?? testLogger;
  let kafka: KafkaClient | undefined;
  let producer: Promise<EventProducer> | undefined;
  const kafkaClient = () => {
    kafka ??= createKafka({ brokers: infra.kafkaBrokers, clientId: name, logger: testLogger('e2e-kafka') });
    return kafka;
  };

  const env = (service: ServiceName): Record<string, string> => ({
    DATABASE_URL: infra.databaseUrl,
    REDIS_URL: infra.redisUrl,
    KAFKA_BROKERS: infra.kafkaBrokers.join(','),
    KAFKA_TOPIC_PREFIX: topicPrefix,
    DB_SCHEMA: schemaOf(service),
    LOG_LEVEL: 'warn',
    ADMIN_API_KEY: testAdminKey,
    PORT: '0',
    MAIL_OUTBOX_DIR: mailDir,
    ...(options.receivers && service === 'notifications'
      ? {
          SMTP_HOST: '127.0.0.1',
          SMTP_PORT: String(options.receivers.smtpPort),
          SMS_GATEWAY_URL: options.receivers.smsUrl,
        }
      : {}),
    ...(options.dayMs ? { DAY_MS: String(options.dayMs) } : {}),
    ...options.env?.[service],
  });

  // A test may stop a service itself (to restart it); close() then finds it stopped.
  const track = <S extends { stop(): Promise<void> }>(service: S): S => {
    let stopped: Promise<void> | undefined;
    const stop = service.stop.bind(service);
    service.stop = () => {
      stopped ??= stop();
      return stopped;
    };
    stops.push(() => service.stop());
    return service;
  };

  return {
    topicPrefix,
    mailDir,
    schemaOf,
    env,
    startInvoices: async () =>
      track(await startInvoicesService(loadInvoicesConfig(env('invoices')), loggerOf('invoices'))),
    startCreditRisk: async () =>
      track(await startCreditRiskService(loadCreditRiskConfig(env('credit-risk')), loggerOf('credit-risk'))),
    startDunning: async () =>
      track(await startDunningService(loadDunningConfig(env('dunning')), loggerOf('dunning'))),
    startNotifications: async () =>
      track(
        await startNotificationsService(
          loadNotificationsConfig(env('notifications')),
          loggerOf('notifications'),
        ),
      ),
    spawnService(service) {
      const child = spawn(process.execPath, [platformService(service).main], {
        env: { ...process.env, ...env(service) },
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      stops.push(() => stopProcess(child));
      return child;
    },
    pool(service) {
      let pool = pools.get(service);
      if (!pool) {
        pool = createPool({
          connectionString: infra.databaseUrl,
          schema: schemaOf(service),
          applicationName: 'e2e',
        });
        pools.set(service, pool);
      }
      return pool;
    },
    kafka: kafkaClient,
    async send(topic, messages) {
      // The services' own producer, which places a message by a 32-bit hash of its key: a hash of a
      // large key that took seconds on the event loop would hold an in-process service too.
      producer ??= (async () => {
        const connected = await kafkaClient().producer();
        stops.push(() => connected.disconnect());
        return connected;
      })();
      await (await producer).send({ topic: `${topicPrefix}${topic}`, messages });
    },
    async close() {
      // Each service stops on its own (as separate processes would): together, not one after another.
      await Promise.all(stops.reverse().map((stop) => stop()));
      for (const pool of pools.values()) await pool.end();
      await dropSchemas(
        infra.databaseUrl,
        serviceNames.map((service) => schemaOf(service)),
      );
      await deleteTopics(infra.kafkaBrokers, topicPrefix);
    },
  };
}
