import { DunningEvent, LedgerEvent, Topics } from '@dunning/contracts';
import { type EventConsumer, startEventConsumer, topicName } from '@dunning/kafka';
import { opsStatusRoutes, type ServiceHost, startServiceHost } from '@dunning/service-host';
import { createHttpApp, type HttpApp, httpSecurityFromConfig, type Logger } from '@dunning/service-runtime';
import type { RiskContext } from './commands/risk-context.ts';
import type { CreditRiskConfig } from './config.ts';
import { consumerGroups } from './consumers/consumer-groups.ts';
import { handleDunningEvent } from './consumers/dunning-events.consumer.ts';
import { handleLedgerEvent } from './consumers/ledger-events.consumer.ts';
import { creditRiskMigrations } from './db/migrations.ts';
import { riskModels } from './domain/models/index.ts';
import { riskRoutes } from './http/risk.routes.ts';
import { type AssessorLoop, startAssessorLoop } from './jobs/assessor-loop.ts';

export interface CreditRiskService {
  app: HttpApp;
  host: ServiceHost;
  ledgerConsumer: EventConsumer;
  dunningConsumer: EventConsumer;
  assessor: AssessorLoop;
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
  const prefix = config.KAFKA_TOPIC_PREFIX;
  const ledgerTopic = topicName(prefix, Topics.ledgerEvents);
  const dunningTopic = topicName(prefix, Topics.dunningEvents);
  const riskTopic = topicName(prefix, Topics.riskEvents);
  const { ledger: ledgerGroup, dunning: dunningGroup } = consumerGroups(prefix);
  const host = await startServiceHost({
    name: 'credit-risk',
    logger,
    config,
    migrations: creditRiskMigrations,
    topics: [ledgerTopic, dunningTopic, riskTopic],
  });
  const model = riskModels[config.RISK_MODEL_VERSION];
  if (!model) throw new Error(`unknown risk model ${config.RISK_MODEL_VERSION}`);
  const context: RiskContext = {
    schema: config.DB_SCHEMA,
    riskTopic,
    model,
    dayMs: config.DAY_MS,
    fallbackCurrency: config.DEFAULT_CURRENCY,
    concentrationThreshold: config.CONCENTRATION_THRESHOLD,
    now: deps.now ?? (() => new Date()),
  };
  const app = createHttpApp({
    name: 'credit-risk',
    version: '0.1.0',
    description: 'Per-customer exposure, score, class, credit limit and hold.',
    port: config.PORT,
    logger,
    readinessChecks: host.readinessChecks,
    security: httpSecurityFromConfig(config),
    routes: async (routes) => {
      await routes.register(riskRoutes, { pool: host.pool, context });
      await routes.register(opsStatusRoutes, {
        admin: host.admin,
        pool: host.pool,
        consumers: [
          { groupId: ledgerGroup, topics: [ledgerTopic], stalls: () => ledgerConsumer.stalls() },
          { groupId: dunningGroup, topics: [dunningTopic], stalls: () => dunningConsumer.stalls() },
        ],
      });
    },
  });
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
    handle: handleLedgerEvent(config.DAY_MS),
  });
  const dunningConsumer = await startEventConsumer<DunningEvent>({
    ...consumerOptions,
    name: dunningGroup,
    topics: { [dunningTopic]: DunningEvent },
    handle: handleDunningEvent,
  });
  const assessor = startAssessorLoop({
    pool: host.pool,
    context,
    logger,
    intervalMs: config.ASSESS_INTERVAL_MS,
    rescoreIntervalMs: config.RESCORE_INTERVAL_MS,
  });
  return {
    app,
    host,
    ledgerConsumer,
    dunningConsumer,
    assessor,
    async stop() {
      await app.close();
      // Each consumer waits out its fetch when disconnecting: stop them together.
      await Promise.all([ledgerConsumer.stop(), dunningConsumer.stop()]);
      await assessor.stop();
      await host.close();
    },
  };
}
