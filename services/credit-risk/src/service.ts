import { Topics } from '@dunning/contracts';
import { type EventConsumer, topicName } from '@dunning/kafka';
import {
  opsStatusRoutes,
  type RunningPeriodicJob,
  type ServiceHost,
  startServiceHost,
} from '@dunning/service-host';
import { createHttpApp, type HttpApp, httpSecurityFromConfig, type Logger } from '@dunning/service-runtime';
import type { CommandContext } from './commands/command-context.ts';
import type { CreditRiskConfig } from './config.ts';
import { creditRiskConsumers, erpAlertsConsumer, SERVICE_NAME } from './consumers/consumer-groups.ts';
import { creditRiskMigrations } from './db/migrations.ts';
import { riskModels } from './domain/models/index.ts';
import { alertRoutes } from './http/alerts.routes.ts';
import { riskRoutes } from './http/risk.routes.ts';
import { assessorJobs } from './jobs/assessor-loop.ts';

export interface CreditRiskService {
  app: HttpApp;
  host: ServiceHost;
  ledgerConsumer: EventConsumer;
  dunningConsumer: EventConsumer;
  erpAlertsConsumer: EventConsumer;
  assessor: RunningPeriodicJob<number>;
  stop(): Promise<void>;
}

export interface CreditRiskDeps {
  now?: () => Date;
}

/** Connects, migrates, consumes ledger and dunning events and runs the assessor; never listens. */
export async function startCreditRiskService(
  config: CreditRiskConfig,
  logger: Logger,
  deps: CreditRiskDeps = {},
): Promise<CreditRiskService> {
  const riskTopic = topicName(config.KAFKA_TOPIC_PREFIX, Topics.riskEvents);
  const host = await startServiceHost({
    name: SERVICE_NAME,
    logger,
    config,
    migrations: creditRiskMigrations,
  });
  const model = riskModels[config.RISK_MODEL_VERSION];
  if (!model) throw new Error(`unknown risk model ${config.RISK_MODEL_VERSION}`);
  const context: CommandContext = {
    schema: config.DB_SCHEMA,
    riskTopic,
    model,
    dayMs: config.DAY_MS,
    fallbackCurrency: config.DEFAULT_CURRENCY,
    concentrationThreshold: config.CONCENTRATION_THRESHOLD,
    now: deps.now ?? (() => new Date()),
  };
  const consumers = creditRiskConsumers(config);
  const {
    consumers: [ledgerConsumer, dunningConsumer, alertsConsumer],
    jobs: [assessor],
  } = await host.start({
    publishes: [Topics.riskEvents],
    jobs: assessorJobs({
      pool: host.pool,
      context,
      logger,
      intervalMs: config.ASSESS_INTERVAL_MS,
      rescoreIntervalMs: config.RESCORE_INTERVAL_MS,
    }),
    consumers: [consumers.ledger, consumers.dunning, erpAlertsConsumer(context)],
  });
  const app = createHttpApp({
    name: 'credit-risk',
    version: '0.1.0',
    description: 'Per-customer exposure, score, class, credit limit and hold.',
    port: config.PORT,
    logger,
    tracer: host.tracing.tracer,
    readinessChecks: host.readinessChecks,
    metrics: host.metrics,
    security: httpSecurityFromConfig(config, host.rateLimitStore),
    routes: async (routes) => {
      await routes.register(riskRoutes, { pool: host.pool, context });
      await routes.register(alertRoutes, { pool: host.pool, context });
      await routes.register(opsStatusRoutes, host.opsStatus());
    },
  });
  return {
    app,
    host,
    ledgerConsumer: ledgerConsumer!,
    dunningConsumer: dunningConsumer!,
    erpAlertsConsumer: alertsConsumer!,
    assessor,
    async stop() {
      await app.close();
      await host.close();
    },
  };
}
