import {
  createKafka,
  type EventProducer,
  ensureTopics,
  type KafkaAdmin,
  type KafkaClient,
  type KafkaSecurityConfig,
  kafkaMigrations,
  kafkaSecurityOptions,
  startEventConsumer,
  topicName,
} from '@dunning/kafka';
import { OutboxRelay, outboxMigrations } from '@dunning/outbox';
import { createPool, type MigrationSet, migrate } from '@dunning/pg';
import {
  type BaseConfig,
  createMetricsRegistry,
  kafkaCheck,
  postgresCheck,
  type RateLimitStore,
  type ReadinessCheck,
  type Registry,
  redisCheck,
} from '@dunning/service-runtime';
import { startTracing, type Tracing } from '@dunning/tracing';
import type pg from 'pg';
import type { Logger } from 'pino';
import { createHostMetrics } from './host-metrics.ts';
import { advisoryJobLock } from './job-lock.ts';
import type { ConsumerGroupRef, OpsStatusOptions, QueueRef } from './ops-status.ts';
import { type PeriodicJobGuards, startPeriodicJob } from './periodic-job.ts';
import { openRedis, type RedisConnection } from './redis-connection.ts';
import {
  consumerGroupId,
  type JobDeclaration,
  type ServiceWiring,
  type StartedJob,
  type StartedWiring,
} from './service-wiring.ts';

/** The infrastructure settings every service shares (parsed once by the service's config). */
export type HostConfig = Pick<
  BaseConfig,
  | 'DATABASE_URL'
  | 'DB_SCHEMA'
  | 'REDIS_URL'
  | 'REDIS_CLUSTER_NODES'
  | 'KAFKA_BROKERS'
  | 'KAFKA_TOPIC_PREFIX'
  | 'CONSUMER_STALL_SECONDS'
  | 'OTEL_EXPORTER_OTLP_ENDPOINT'
> &
  Partial<
    Pick<BaseConfig, 'KAFKA_TOPIC_PARTITIONS' | 'KAFKA_REPLICATION_FACTOR' | 'KAFKA_MIN_INSYNC_REPLICAS'>
  > &
  KafkaSecurityConfig;

export interface ServiceHostOptions {
  name: string;
  config: HostConfig;
  logger: Logger;
  /** The service's own migrations; the outbox and dedupe tables come with the host. */
  migrations?: MigrationSet;
  /** Partitions of the topics it creates; `KAFKA_TOPIC_PARTITIONS` when absent. */
  partitions?: number;
}

/** The connections a service runs on, opened in order and closed in reverse. */
export interface ServiceHost {
  pool: pg.Pool;
  /** One server, or a cluster client with REDIS_CLUSTER_NODES set. */
  redis: RedisConnection;
  kafka: KafkaClient;
  admin: KafkaAdmin;
  producer: EventProducer;
  relay: OutboxRelay;
  /** The service's tracer (none with tracing off), also for its HTTP app (`createHttpApp`). */
  tracing: Tracing;
  readinessChecks: ReadinessCheck[];
  /** Where the HTTP rate limit counts requests, shared by every replica of this service. */
  rateLimitStore: RateLimitStore;
  /** The registry `/metrics` exposes: pass it to `createHttpApp` and add the service's own metrics. */
  metrics: Registry;
  /**
   * The lock and metrics of the declared periodic jobs, for a job a service starts itself
   * (`startPeriodicJob(job, logger, host.periodicJobGuards)`).
   */
  periodicJobGuards: PeriodicJobGuards;
  /**
   * Runs what the service declares: creates its topics (consumed and published, with their DLQs),
   * starts the outbox relay, then the jobs in order, then the consumers in order. Called once.
   */
  start<const J extends readonly JobDeclaration[] = []>(wiring: ServiceWiring<J>): Promise<StartedWiring<J>>;
  /** The id of one of this service's consumer groups (`consumerGroupId`). */
  groupId(group: string): string;
  /** What GET /v1/ops/status reports, from the same declaration (`opsStatusRoutes` options). */
  opsStatus(): OpsStatusOptions;
  /** Stops the consumers (together), then the jobs in reverse order; the connections stay open. */
  stop(): Promise<void>;
  /** `stop()`, then closes the connections in reverse order. */
  close(): Promise<void>;
}

/** Every migration a service's schema gets: the host's dedupe and outbox tables, then the service's own. */
export function serviceMigrationSets(own?: MigrationSet): MigrationSet[] {
  return [kafkaMigrations, outboxMigrations, ...(own ? [own] : [])];
}

export async function startServiceHost(options: ServiceHostOptions): Promise<ServiceHost> {
  const { name, config, logger } = options;
  const tracing = startTracing({ service: name, endpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT });
  await migrate({
    databaseUrl: config.DATABASE_URL,
    schema: config.DB_SCHEMA,
    sets: serviceMigrationSets(options.migrations),
    log: (message) => logger.debug({ component: 'migrations' }, message),
  });
  const pool = createPool({
    connectionString: config.DATABASE_URL,
    schema: config.DB_SCHEMA,
    applicationName: name,
  });
  const redis = openRedis(config, { maxRetriesPerRequest: null, lazyConnect: true });
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
    tracer: tracing.tracer,
  });
  const metrics = createMetricsRegistry();
  const hostMetrics = createHostMetrics(metrics);
  const readinessChecks = [postgresCheck(pool), redisCheck(redis), kafkaCheck(admin)];
  const periodicJobGuards: PeriodicJobGuards = {
    lock: advisoryJobLock(pool, config.DB_SCHEMA),
    metrics: hostMetrics.periodicJobs,
  };
  const prefix = config.KAFKA_TOPIC_PREFIX;
  const consumers: { ref: ConsumerGroupRef; stop(): Promise<void> }[] = [];
  const jobs: { name: string; running: StartedJob }[] = [];
  let started = false;
  let stopping: Promise<void> | undefined;

  async function start<const J extends readonly JobDeclaration[]>(
    wiring: ServiceWiring<J>,
  ): Promise<StartedWiring<J>> {
    if (started) throw new Error(`${name}: already started`);
    started = true;
    try {
      return await startWiring(wiring);
    } catch (error) {
      // Refused by Kafka (e.g. no right to create topics): stop and close what is open, so the
      // caller can exit cleanly.
      await close().catch(() => {});
      throw error;
    }
  }

  async function startWiring<const J extends readonly JobDeclaration[]>(
    wiring: ServiceWiring<J>,
  ): Promise<StartedWiring<J>> {
    const consumed = wiring.consumers.map((c) => topicName(prefix, c.topic));
    const published = (wiring.publishes ?? []).map((topic) => topicName(prefix, topic));
    await ensureTopics(admin, [...new Set([...consumed, ...published])], {
      partitions: options.partitions ?? config.KAFKA_TOPIC_PARTITIONS,
      replicationFactor: config.KAFKA_REPLICATION_FACTOR,
      minInsyncReplicas: config.KAFKA_MIN_INSYNC_REPLICAS,
    });
    await relay.start();
    for (const job of wiring.jobs ?? []) {
      const running =
        'start' in job ? await job.start() : await startPeriodicJob(job, logger, periodicJobGuards);
      jobs.push({ name: job.name, running });
    }
    const eventConsumers = [];
    for (const declaration of wiring.consumers) {
      const groupId = consumerGroupId(prefix, name, declaration.group);
      const topic = topicName(prefix, declaration.topic);
      const { group: _group, topic: _topic, contract, ...handling } = declaration;
      const eventConsumer = await startEventConsumer({
        kafka,
        pool,
        producer,
        logger,
        stallAfterMs: config.CONSUMER_STALL_SECONDS * 1000,
        name: groupId,
        metrics: hostMetrics.consumer(groupId),
        topics: { [topic]: contract },
        tracer: tracing.tracer,
        ...handling,
      });
      consumers.push({
        ref: { groupId, topics: [topic], stalls: () => eventConsumer.stalls() },
        stop: () => eventConsumer.stop(),
      });
      eventConsumers.push(eventConsumer);
    }
    hostMetrics.watch({ admin, pool, consumers: consumers.map((c) => c.ref), readinessChecks });
    return { consumers: eventConsumers, jobs: jobs.map((j) => j.running) } as unknown as StartedWiring<J>;
  }

  function stop(): Promise<void> {
    stopping ??= (async () => {
      // Each consumer waits out its fetch when disconnecting: stop them together.
      await Promise.all(consumers.map((c) => c.stop()));
      for (const job of [...jobs].reverse()) await job.running.stop();
    })();
    return stopping;
  }

  let closing: Promise<void> | undefined;
  function close(): Promise<void> {
    closing ??= (async () => {
      await stop();
      await relay.stop();
      await producer.disconnect();
      await admin.disconnect();
      redis.disconnect();
      await pool.end();
      await tracing.shutdown();
    })();
    return closing;
  }

  return {
    pool,
    redis,
    kafka,
    admin,
    producer,
    relay,
    tracing,
    readinessChecks,
    metrics,
    periodicJobGuards,
    // The topic prefix names a deployment (and a test run), so two sharing one Redis count apart.
    rateLimitStore: { redis, namespace: `${prefix}${name}` },
    start,
    groupId: (group) => consumerGroupId(prefix, name, group),
    opsStatus() {
      if (!started) throw new Error(`${name}: ops status is known once the service has started`);
      const queues: QueueRef[] = jobs.flatMap(({ name: jobName, running }) =>
        running.getJobCounts ? [{ name: jobName, getJobCounts: () => running.getJobCounts!() }] : [],
      );
      return { admin, pool, consumers: consumers.map((c) => c.ref), queues };
    },
    stop,
    close,
  };
}
