import { LedgerEvent, RiskEvent, Topics } from '@dunning/contracts';
import { type EventConsumer, startEventConsumer, topicName } from '@dunning/kafka';
import { createPool } from '@dunning/pg';
import { opsStatusRoutes, type ServiceHost, startServiceHost } from '@dunning/service-host';
import { createHttpApp, type HttpApp, httpSecurityFromConfig, type Logger } from '@dunning/service-runtime';
import type { EngineContext } from './commands/engine-context.ts';
import type { DunningConfig } from './config.ts';
import { handleLedgerChunk } from './consumers/ledger-events.consumer.ts';
import { riskEventHandler } from './consumers/risk-events.consumer.ts';
import { dunningMigrations } from './db/migrations.ts';
import { seedPolicy } from './db/policies.queries.ts';
import { defaultPolicies } from './domain/default-policies.ts';
import { collectorsRoutes } from './http/collectors.routes.ts';
import { dunningRoutes } from './http/dunning.routes.ts';
import { policiesRoutes } from './http/policies.routes.ts';
import { queueBoardRoutes } from './http/queue-board.routes.ts';
import { reportsRoutes } from './http/reports.routes.ts';
import { TaskFeedListener } from './http/task-feed-listener.ts';
import { tasksRoutes } from './http/tasks.routes.ts';
import { type StepTimers, startStepTimers } from './jobs/step-timers.ts';

export interface DunningService {
  app: HttpApp;
  host: ServiceHost;
  context: EngineContext;
  ledgerConsumer: EventConsumer;
  riskConsumer: EventConsumer;
  timers: StepTimers;
  stop(): Promise<void>;
}

export interface DunningDeps {
  now?: () => Date;
}

export async function startDunningService(
  config: DunningConfig,
  logger: Logger,
  deps: DunningDeps = {},
): Promise<DunningService> {
  const prefix = config.KAFKA_TOPIC_PREFIX;
  const ledgerTopic = topicName(prefix, Topics.ledgerEvents);
  const riskTopic = topicName(prefix, Topics.riskEvents);
  const ledgerGroup = `${prefix}dunning.ledger-events`;
  const riskGroup = `${prefix}dunning.risk-events`;
  const context: EngineContext = { config, now: deps.now ?? (() => new Date()) };
  const host = await startServiceHost({
    name: 'dunning',
    logger,
    config,
    migrations: dunningMigrations,
    topics: [ledgerTopic, riskTopic, topicName(prefix, Topics.dunningEvents)],
  });
  for (const [policyId, body] of Object.entries(defaultPolicies)) await seedPolicy(host.pool, policyId, body);
  const feed = new TaskFeedListener(config.DATABASE_URL, config.DB_SCHEMA, logger);
  await feed.start();
  const app = createHttpApp({
    name: 'dunning',
    version: '0.2.0',
    description: 'Dunning policies, cases and escalation steps, collector task queues',
    port: config.PORT,
    logger,
    readinessChecks: host.readinessChecks,
    security: httpSecurityFromConfig(config),
    routes: async (routes) => {
      await routes.register(dunningRoutes, { pool: host.pool });
      await routes.register(policiesRoutes, { pool: host.pool, schema: config.DB_SCHEMA });
      await routes.register(collectorsRoutes, { pool: host.pool, feed });
      await routes.register(tasksRoutes, { pool: host.pool, context });
      await routes.register(reportsRoutes, { pool: host.pool, dayMs: config.DAY_MS });
      await routes.register(opsStatusRoutes, {
        admin: host.admin,
        pool: host.pool,
        consumers: [
          { groupId: ledgerGroup, topics: [ledgerTopic], stalls: () => ledgerConsumer.stalls() },
          { groupId: riskGroup, topics: [riskTopic], stalls: () => riskConsumer.stalls() },
        ],
        queues: [{ name: 'step-timers', getJobCounts: () => timers.queue.getJobCounts() }],
      });
      await routes.register(queueBoardRoutes, { queues: () => [timers.queue] });
    },
  });
  // Timers first: the ladder must keep running while a consumer group waits on a rebalance (after a
  // crash Kafka holds the dead member's partitions until its session times out).
  const enginePool = createPool({
    connectionString: config.DATABASE_URL,
    schema: config.DB_SCHEMA,
    applicationName: 'dunning-engine',
    max: config.ENGINE_DB_POOL_SIZE,
  });
  const timers = startStepTimers(enginePool, context, logger);
  const consumerOptions = {
    kafka: host.kafka,
    pool: host.pool,
    producer: host.producer,
    logger,
    stallAfterMs: config.CONSUMER_STALL_SECONDS * 1000,
  };
  const ledgerConsumer = await startEventConsumer<LedgerEvent>({
    ...consumerOptions,
    name: ledgerGroup,
    topics: { [ledgerTopic]: LedgerEvent },
    handleChunk: handleLedgerChunk(context),
    // One chunk per partition in flight, so that Node and PostgreSQL both work (one core each).
    partitionsConsumedConcurrently: 3,
  });
  const riskConsumer = await startEventConsumer<RiskEvent>({
    ...consumerOptions,
    name: riskGroup,
    topics: { [riskTopic]: RiskEvent },
    handle: riskEventHandler(context),
  });
  return {
    app,
    host,
    context,
    ledgerConsumer,
    riskConsumer,
    timers,
    async stop() {
      await app.close();
      await ledgerConsumer.stop();
      await riskConsumer.stop();
      await timers.stop();
      await enginePool.end();
      await feed.stop();
      await host.close();
    },
  };
}
