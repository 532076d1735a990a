import { LedgerEvent, Topics } from '@dunning/contracts';
import { type EventConsumer, startEventConsumer, topicName } from '@dunning/kafka';
import { type ServiceHost, startServiceHost } from '@dunning/service-host';
import { createHttpApp, type HttpApp, type Logger } from '@dunning/service-runtime';
import type { DunningConfig } from './config.ts';
import { handleLedgerEvent } from './consumers/ledger-events.consumer.ts';
import { dunningMigrations } from './db/migrations.ts';
import { dunningRoutes } from './http/dunning.routes.ts';

export interface DunningService {
  app: HttpApp;
  host: ServiceHost;
  ledgerConsumer: EventConsumer;
  stop(): Promise<void>;
}

export async function startDunningService(config: DunningConfig, logger: Logger): Promise<DunningService> {
  const prefix = config.KAFKA_TOPIC_PREFIX;
  const ledgerTopic = topicName(prefix, Topics.ledgerEvents);
  const host = await startServiceHost({
    name: 'dunning',
    logger,
    config,
    migrations: dunningMigrations,
    topics: [ledgerTopic, topicName(prefix, Topics.dunningEvents)],
  });
  const app = createHttpApp({
    name: 'dunning',
    version: '0.1.0',
    description: 'Dunning cases, escalation steps and collector task queues',
    logger,
    readinessChecks: host.readinessChecks,
    routes: async (routes) => {
      await routes.register(dunningRoutes, { pool: host.pool });
    },
  });
  const ledgerConsumer = await startEventConsumer<LedgerEvent>({
    kafka: host.kafka,
    pool: host.pool,
    producer: host.producer,
    logger,
    name: `${prefix}dunning.ledger-events`,
    topics: { [ledgerTopic]: LedgerEvent },
    handle: handleLedgerEvent,
  });
  return {
    app,
    host,
    ledgerConsumer,
    async stop() {
      await app.close();
      await ledgerConsumer.stop();
      await host.close();
    },
  };
}
