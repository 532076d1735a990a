import { RISK_ASSESSMENT_CHANGED, type RiskEvent } from '@dunning/contracts';
import type { EventHandler } from '@dunning/kafka';
import { recordRiskClass } from '../db/report-facts.queries.ts';

/**
 * The ledger learns each customer's risk class, with the time it was assessed, for the bad-debt
 * provision (a percentage per aging bucket and class). Nothing else credit-risk says concerns it.
 */
export const riskEventHandler: EventHandler<RiskEvent> = async (event, tx) => {
  if (event.type !== RISK_ASSESSMENT_CHANGED) {
    return { status: 'skipped', reason: `${event.type} does not concern the ledger` };
  }
  const { customerId, class: riskClass, assessedAt } = event.data;
  const recorded = await recordRiskClass(tx, customerId, riskClass, assessedAt);
  return recorded > 0
    ? { status: 'applied' }
    : { status: 'skipped', reason: `assessment of ${customerId} at ${assessedAt} is recorded already` };
};
