import { type ReadModels, replaySource } from '@dunning/service-host';
import type { CreditRiskConfig } from './config.ts';
import { creditRiskConsumers, SERVICE_NAME } from './consumers/consumer-groups.ts';

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
  'risk_disputes',
  'risk_hold_requests',
];

export function creditRiskReadModels(config: CreditRiskConfig): ReadModels {
  const prefix = config.KAFKA_TOPIC_PREFIX;
  const consumers = creditRiskConsumers(config);
  return {
    tables: READ_MODEL_TABLES,
    sources: [consumers.ledger, consumers.dunning].map((c) => replaySource(prefix, SERVICE_NAME, c)),
  };
}
