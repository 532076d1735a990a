import { LedgerEvent, Topics } from '@dunning/contracts';
import { topicName } from '@dunning/kafka';
import type { ReadModels } from '@dunning/service-host';
import type { NotificationsConfig } from './config.ts';
import { consumerGroups } from './consumers/consumer-groups.ts';
import { handleLedgerEvent } from './consumers/ledger-events.consumer.ts';

/**
 * The customer directory is a projection of ledger.customer.upserted, rebuilt by replaying the ledger
 * topic. Deliveries, letters and contact preferences are not (see the README).
 */
export function notificationsReadModels(config: NotificationsConfig): ReadModels {
  const prefix = config.KAFKA_TOPIC_PREFIX;
  return {
    tables: ['customers'],
    sources: [
      {
        groupId: consumerGroups(prefix).directory,
        topic: topicName(prefix, Topics.ledgerEvents),
        schema: LedgerEvent,
        handle: handleLedgerEvent(),
      },
    ],
  };
}
