import {
  RISK_ALERT_RAISED,
  RISK_ALERT_RESOLVED,
  RISK_ASSESSMENT_CHANGED,
  type RiskEvent,
} from '@dunning/contracts';
import type { EventHandler } from '@dunning/kafka';
import { closeAlertReview, openAlertReview } from '../commands/alert-review.ts';
import type { CommandContext } from '../commands/command-context.ts';
import { replanCustomer } from '../commands/replan-customer.ts';
import { applyRiskClass } from '../db/customers.queries.ts';

/**
 * The customer's risk class picks the policy (unless one is assigned to them); a change re-plans their
 * open cases' future steps. A business alert opens a review task for the customer's collector, closed
 * when the alert is resolved.
 */
export function riskEventHandler(context: CommandContext): EventHandler<RiskEvent> {
  return async (event, tx) => {
    if (event.type === RISK_ALERT_RAISED) {
      return (await openAlertReview(tx, context, event.data))
        ? { status: 'applied' }
        : { status: 'skipped', reason: 'review task exists' };
    }
    if (event.type === RISK_ALERT_RESOLVED) {
      return (await closeAlertReview(tx, context, event.data)) > 0
        ? { status: 'applied' }
        : { status: 'skipped', reason: 'no unfinished review task' };
    }
    if (event.type !== RISK_ASSESSMENT_CHANGED) {
      return { status: 'skipped', reason: `${event.type} does not concern dunning` };
    }
    const { customerId, assessedAt } = event.data;
    const change = await applyRiskClass(tx, customerId, event.data.class, new Date(assessedAt));
    if (!change)
      return { status: 'skipped', reason: 'class unchanged or assessment older than the one held' };
    await replanCustomer(tx, context, customerId, `class ${change.previous} → ${event.data.class}`);
    return { status: 'applied' };
  };
}
