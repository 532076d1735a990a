import { type ReadModels, replaySource } from '@dunning/service-host';
import type { NotificationsConfig } from './config.ts';
import { directoryConsumer, SERVICE_NAME } from './consumers/consumer-groups.ts';

/**
 * The customer directory is a projection of ledger.customer.upserted, rebuilt by replaying the ledger
 * topic. Deliveries, letters and contact preferences are not (see the README).
 */
export function notificationsReadModels(config: NotificationsConfig): ReadModels {
  return {
    tables: ['customers'],
    sources: [replaySource(config.KAFKA_TOPIC_PREFIX, SERVICE_NAME, directoryConsumer())],
  };
}
