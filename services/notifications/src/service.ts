import { Topics } from '@dunning/contracts';
import { topicName } from '@dunning/kafka';
import { type ServiceHost, startServiceHost } from '@dunning/service-host';
import { createHttpApp, type HttpApp, type Logger } from '@dunning/service-runtime';
import type { NotificationsConfig } from './config.ts';

export interface NotificationsService {
  app: HttpApp;
  host: ServiceHost;
  stop(): Promise<void>;
}

/** The service's runtime: its schema, its topic, health, metrics and docs; its domain comes next. */
export async function startNotificationsService(
  config: NotificationsConfig,
  logger: Logger,
): Promise<NotificationsService> {
  const host = await startServiceHost({
    name: 'notifications',
    logger,
    config,
    topics: [topicName(config.KAFKA_TOPIC_PREFIX, Topics.notificationsEvents)],
  });
  const app = createHttpApp({
    name: 'notifications',
    version: '0.1.0',
    description: 'Templates, channels (email, SMS, PDF letters) and the delivery log.',
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
