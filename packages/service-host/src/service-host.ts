import {
  createKafka,
  type EventProducer,
  ensureTopics,
  type KafkaAdmin,
  type KafkaClient,
  type KafkaSecurityConfig,
  kafkaMigrations,
  kafkaSecurityOptions,
} from '@dunning/kafka';
import { OutboxRelay, outboxMigrations } from '@dunning/outbox';
import { createPool, type MigrationSet, migrate } from '@dunning/pg';
import {
  type BaseConfig,
  kafkaCheck,
  postgresCheck,
  type ReadinessCheck,
  redisCheck,
} from '@dunning/service-runtime';
import { Redis } from 'ioredis';
import type pg from 'pg';
import type { Logger } from 'pino';

/** The infrastructure settings every service shares (parsed once by the service's config). */
export type HostConfig = Pick<BaseConfig, 'DATABASE_URL' | 'DB_SCHEMA' | 'REDIS_URL' | 'KAFKA_BROKERS'> &
  KafkaSecurityConfig;

export interface ServiceHostOptions {
  name: string;
  config: HostConfig;
  logger: Logger;
  /** The service's own migrations; the outbox and dedupe tables come with the host. */
  migrations?: MigrationSet;
  /** Full topic names this service reads or writes; created with their DLQs if missing. */
  topics: string[];
  partitions?: number;
}

/** The connections a service runs on, opened in order and closed in reverse. */
export interface ServiceHost {
  pool: pg.Pool;
  redis: Redis;
  kafka: KafkaClient;
  admin: KafkaAdmin;
  producer: EventProducer;
  relay: OutboxRelay;
  readinessChecks: ReadinessCheck[];
  close(): Promise<void>;
}

export async function startServiceHost(options: ServiceHostOptions): Promise<ServiceHost> {
  const { name, config, logger } = options;
  await migrate({
    databaseUrl: config.DATABASE_URL,
    schema: config.DB_SCHEMA,
    sets: [kafkaMigrations, outboxMigrations, ...(options.migrations ? [options.migrations] : [])],
    log: (message) => logger.debug({ component: 'migrations' }, message),
  });
  const pool = createPool({
    connectionString: config.DATABASE_URL,
    schema: config.DB_SCHEMA,
    applicationName: name,
  });
  const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: null, lazyConnect: true });
  redis.on('error', (error) => logger.warn({ err: error }, 'redis connection error'));
  await redis.connect();
  const kafka = createKafka({
    brokers: config.KAFKA_BROKERS,
    clientId: name,
    logger,
    security: kafkaSecurityOptions(config),
  });
  const admin = kafka.admin();
  let producer: EventProducer;
  try {
    await admin.connect();
    await ensureTopics(admin, options.topics, options.partitions);
    producer = await kafka.producer();
  } catch (error) {
    // Refused by Kafka (e.g. wrong credentials): close what is open so the caller can exit cleanly.
    await admin.disconnect().catch(() => {});
    redis.disconnect();
    await pool.end();
    throw error;
  }
  const relay = new OutboxRelay({
    pool,
    schema: config.DB_SCHEMA,
    connectionString: config.DATABASE_URL,
    producer,
    logger,
  });
  await relay.start();
  return {
    pool,
    redis,
    kafka,
    admin,
    producer,
    relay,
    readinessChecks: [postgresCheck(pool), redisCheck(redis), kafkaCheck(admin)],
    async close() {
      await relay.stop();
      await producer.disconnect();
      await admin.disconnect();
      redis.disconnect();
      await pool.end();
    },
  };
}
