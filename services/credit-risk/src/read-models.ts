import { DunningEvent, LedgerEvent, Topics } from '@dunning/contracts';
import { topicName } from '@dunning/kafka';
import type { ReadModels } from '@dunning/service-host';
import type { CreditRiskConfig } from './config.ts';
import { consumerGroups } from './consumers/consumer-groups.ts';
import { handleDunningEvent } from './consumers/dunning-events.consumer.ts';
import { handleLedgerEvent } from './consumers/ledger-events.consumer.ts';

/**
 * The risk profile: pure projections of ledger and dunning events, rebuilt by replaying those topics
 * (classification in the README). Assessments, standing, concentration flags and reported financials are
 * not: they are the service's own decisions or inputs that no topic holds.
 */
export const READ_MODEL_TABLES = [
  'risk_customers',
  'risk_invoices',
  'risk_payments',
  'risk_settlements',
  'risk_part_payments',
  'risk_promises',
];

export function creditRiskReadModels(config: CreditRiskConfig): ReadModels {
  const prefix = config.KAFKA_TOPIC_PREFIX;
  return {
    tables: READ_MODEL_TABLES,
    sources: [
      {
        groupId: consumerGroups(prefix).ledger,
        topic: topicName(prefix, Topics.ledgerEvents),
        schema: LedgerEvent,
        handle: handleLedgerEvent(config.DAY_MS),
      },
      {
        groupId: consumerGroups(prefix).dunning,
        topic: topicName(prefix, Topics.dunningEvents),
        schema: DunningEvent,
        handle: handleDunningEvent,
      },
    ],
  };
}
