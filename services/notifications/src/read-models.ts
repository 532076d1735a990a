import { type ReadModels, replaySource } from '@dunning/service-host';
import type { NotificationsConfig } from './config.ts';
import { directoryConsumer, SERVICE_NAME } from './consumers/consumer-groups.ts';

/**
 * The customer directory (ledger.customer.upserted) and the invoice balances (the ledger's invoice
 * facts) are projections of the ledger topic, rebuilt by replaying it. Deliveries, letters and contact
 * preferences are not (see the README).
 */
export function notificationsReadModels(config: NotificationsConfig): ReadModels {
  return {
    tables: ['customers', 'invoice_balances'],
    sources: [replaySource(config.KAFKA_TOPIC_PREFIX, SERVICE_NAME, directoryConsumer())],
  };
}
