import { Topics } from '@dunning/contracts';
import { topicName } from '@dunning/kafka';
import { type ServiceHost, startServiceHost } from '@dunning/service-host';
import { createHttpApp, type HttpApp, type Logger } from '@dunning/service-runtime';
import type { CreditRiskConfig } from './config.ts';

export interface CreditRiskService {
  app: HttpApp;
  host: ServiceHost;
  stop(): Promise<void>;
}

/** The service's runtime: its schema, its topic, health, metrics and docs; its domain comes next. */
export async function startCreditRiskService(
  config: CreditRiskConfig,
  logger: Logger,
): Promise<CreditRiskService> {
  const host = await startServiceHost({
    name: 'credit-risk',
    logger,
    config,
    topics: [topicName(config.KAFKA_TOPIC_PREFIX, Topics.riskEvents)],
  });
  const app = createHttpApp({
    name: 'credit-risk',
    version: '0.1.0',
    description: 'Per-customer exposure, score, class, credit limit and hold.',
    logger,
    readinessChecks: host.readinessChecks,
    routes: async () => {},
  });
  return {
    app,
    host,
    async stop() {
      await app.close();
      await host.close();
    },
  };
}
