import { createHash } from 'node:crypto';
import type { RiskAlertRaisedData, RiskAlertResolvedData } from '@dunning/contracts';
import type pg from 'pg';
import { findCustomer } from '../db/customers.queries.ts';
import { notifyTaskChanges } from '../db/task-feed.queries.ts';
import { closeAlertReviewTask, customerCurrency, insertTasks } from '../db/tasks.queries.ts';
import type { CommandContext } from './command-context.ts';
import { recordClosed } from './end-tasks.ts';

/** Above any call's weight-scaled amount would be wrong to promise; high enough to head a usual queue. */
export const ALERT_REVIEW_PRIORITY = 1_000_000;

/** One review task per alert; a long alert id is hashed so the task id stays a valid id (≤ 100). */
export function alertReviewTaskId(alertId: string): string {
  const id = `alert-review.${alertId}`;
  return id.length <= 100 ? id : `alert-review.${createHash('sha256').update(alertId).digest('hex')}`;
}

/**
 * A business alert on the customer (credit-risk's `risk.alert.raised`) asks the customer's collector
 * to review the account: one task per alert, covering no invoice and no amount, in the collectors'
 * queue. Its id comes from the alert, so a redelivery adds nothing. Returns whether a task was added.
 */
export async function openAlertReview(
  tx: pg.PoolClient,
  context: CommandContext,
  alert: RiskAlertRaisedData,
): Promise<boolean> {
  const customer = await findCustomer(tx, alert.customerId);
  const taskId = alertReviewTaskId(alert.alertId);
  const added = await insertTasks(tx, [
    {
      taskId,
      customerId: alert.customerId,
      kind: 'alert-review',
      stepId: `alert.${alert.alertId}`.slice(0, 200),
      stepName: `alert-review: ${alert.kind}`,
      invoiceIds: [],
      currency: await customerCurrency(tx, alert.customerId, context.config.DEFAULT_CURRENCY),
      amountMinor: 0n,
      priority: ALERT_REVIEW_PRIORITY,
      collectorId: customer.collector_id,
      createdAt: context.now(),
    },
  ]);
  if (added === 0) return false;
  await notifyTaskChanges(tx, context.config.DB_SCHEMA, customer.collector_id ? [customer.collector_id] : []);
  return true;
}

/** The alert was resolved: its review task, if not finished, closes (`alert-resolved`). */
export async function closeAlertReview(
  tx: pg.PoolClient,
  context: CommandContext,
  alert: RiskAlertResolvedData,
): Promise<number> {
  const at = context.now();
  const closed = await closeAlertReviewTask(tx, alertReviewTaskId(alert.alertId), at);
  return recordClosed(tx, context, closed, 'alert-resolved', at);
}
