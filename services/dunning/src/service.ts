import { LedgerEvent, NotificationEvent, RiskEvent, Topics } from '@dunning/contracts';
import type { EventConsumer } from '@dunning/kafka';
import { createPool } from '@dunning/pg';
import { consumer, opsStatusRoutes, type ServiceHost, startServiceHost } from '@dunning/service-host';
import { createHttpApp, type HttpApp, httpSecurityFromConfig, type Logger } from '@dunning/service-runtime';
import type { CommandContext } from './commands/command-context.ts';
import type { DunningConfig } from './config.ts';
import { handleLedgerChunk } from './consumers/ledger-events.consumer.ts';
import { notificationEventHandler } from './consumers/notification-events.consumer.ts';
import { riskEventHandler } from './consumers/risk-events.consumer.ts';
import { dunningMigrations } from './db/migrations.ts';
import { seedPolicy } from './db/policies.queries.ts';
import { rebuildEffectivenessSummary } from './db/reports.queries.ts';
import { defaultPolicies } from './domain/default-policies.ts';
import { blocksRoutes } from './http/blocks.routes.ts';
import { collectorsRoutes } from './http/collectors.routes.ts';
import { customerPolicyRoutes } from './http/customer-policy.routes.ts';
import { dunningRoutes } from './http/dunning.routes.ts';
import { legalRoutes } from './http/legal.routes.ts';
import { policiesRoutes } from './http/policies.routes.ts';
import { proposalRoutes } from './http/proposal.routes.ts';
import { queueBoardRoutes } from './http/queue-board.routes.ts';
import { recoveryReportsRoutes } from './http/recovery-reports.routes.ts';
import { reportsRoutes } from './http/reports.routes.ts';
import { TaskFeedListener } from './http/task-feed-listener.ts';
import { tasksRoutes } from './http/tasks.routes.ts';
import { worklistRoutes } from './http/worklist.routes.ts';
import { effectivenessCompactorJob } from './jobs/effectiveness-compactor.job.ts';
import { openCaseCountsCompactorJob } from './jobs/open-case-counts-compactor.job.ts';
import { recoveryCompactorJob } from './jobs/recovery-compactor.job.ts';
import { type StepTimers, startStepTimers } from './jobs/step-timers.ts';
import { registerDunningMetrics } from './metrics.ts';

export interface DunningService {
  app: HttpApp;
  host: ServiceHost;
  context: CommandContext;
  ledgerConsumer: EventConsumer;
  riskConsumer: EventConsumer;
  notificationConsumer: EventConsumer;
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
  const context: CommandContext = { config, now: deps.now ?? (() => new Date()) };
  const host = await startServiceHost({
    name: 'dunning',
    logger,
    config,
    migrations: dunningMigrations,
  });
  registerDunningMetrics(host.metrics);
  for (const [policyId, body] of Object.entries(defaultPolicies)) await seedPolicy(host.pool, policyId, body);
  // The effectiveness totals count "paid within N days" in days of DAY_MS: built for this one before
  // anything is served (once: replicas starting together find it done).
  if (await rebuildEffectivenessSummary(host.pool, config.DAY_MS))
    logger.info({ dayMs: config.DAY_MS }, 'effectiveness summary rebuilt for DAY_MS');
  const feed = new TaskFeedListener(config.DATABASE_URL, config.DB_SCHEMA, logger);
  await feed.start();
  const enginePool = createPool({
    connectionString: config.DATABASE_URL,
    schema: config.DB_SCHEMA,
    applicationName: 'dunning-engine',
    max: config.ENGINE_DB_POOL_SIZE,
  });
  const {
    consumers: [ledgerConsumer, riskConsumer, notificationConsumer],
    jobs: [timers],
  } = await host.start({
    publishes: [Topics.dunningEvents],
    // Timers (a job: started before the consumers): the ladder must keep running while a consumer
    // group waits on a rebalance (after a crash Kafka holds the dead member's partitions until its
    // session times out).
    jobs: [
      {
        name: 'step-timers',
        start: () => startStepTimers(enginePool, context, logger, host.periodicJobGuards),
      },
      effectivenessCompactorJob(host.pool, config.EFFECTIVENESS_COMPACT_MS),
      recoveryCompactorJob(host.pool, config.RECOVERY_COMPACT_MS),
      openCaseCountsCompactorJob(host.pool, config.OPEN_CASE_COUNTS_COMPACT_MS),
    ],
    consumers: [
      consumer<LedgerEvent>({
        group: 'ledger-events',
        topic: Topics.ledgerEvents,
        contract: LedgerEvent,
        handleChunk: handleLedgerChunk(context),
        // One chunk per partition in flight, so that Node and PostgreSQL both work (one core each).
        partitionsConsumedConcurrently: 3,
      }),
      consumer<RiskEvent>({
        group: 'risk-events',
        topic: Topics.riskEvents,
        contract: RiskEvent,
        handle: riskEventHandler(context),
      }),
      consumer<NotificationEvent>({
        group: 'notification-events',
        topic: Topics.notificationsEvents,
        contract: NotificationEvent,
        handle: notificationEventHandler(context),
      }),
    ],
  });
  const app = createHttpApp({
    name: 'dunning',
    version: '0.2.0',
    description: 'Dunning policies, cases and escalation steps, collector task queues',
    port: config.PORT,
    logger,
    tracer: host.tracing.tracer,
    readinessChecks: host.readinessChecks,
    metrics: host.metrics,
    security: httpSecurityFromConfig(config, host.rateLimitStore),
    routes: async (routes) => {
      await routes.register(dunningRoutes, { pool: host.pool, context });
      await routes.register(blocksRoutes, { pool: host.pool, context });
      await routes.register(proposalRoutes, { pool: host.pool, context });
      await routes.register(policiesRoutes, { pool: host.pool, schema: config.DB_SCHEMA });
      await routes.register(collectorsRoutes, { pool: host.pool, feed });
      await routes.register(worklistRoutes, { pool: host.pool });
      await routes.register(tasksRoutes, { pool: host.pool, context });
      await routes.register(customerPolicyRoutes, { pool: host.pool, context });
      await routes.register(legalRoutes, { pool: host.pool, context });
      await routes.register(reportsRoutes, { pool: host.pool, dayMs: config.DAY_MS });
      await routes.register(recoveryReportsRoutes, { pool: host.pool, costs: config.COLLECTION_COSTS });
      await routes.register(opsStatusRoutes, host.opsStatus());
      await routes.register(queueBoardRoutes, { queues: () => [timers.queue] });
    },
  });
  return {
    app,
    host,
    context,
    ledgerConsumer: ledgerConsumer!,
    riskConsumer: riskConsumer!,
    notificationConsumer: notificationConsumer!,
    timers,
    async stop() {
      await app.close();
      await host.stop();
      await enginePool.end();
      await feed.stop();
      await host.close();
    },
  };
}
