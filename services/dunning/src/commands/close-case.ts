import { type CaseClosedReason, DUNNING_CASE_CLOSED } from '@dunning/contracts';
import type pg from 'pg';
import { closeCaseRow, lockCase, recordClosedBeforeIssue } from '../db/cases.queries.ts';
import { finishStepsUnrun, scheduledStepsOfCase } from '../db/steps.queries.ts';
import { addTimeline } from '../db/timeline.queries.ts';
import { type CommandContext, publish } from './command-context.ts';
import { settlePromisesOnPayment } from './promises.ts';

/**
 * Ends the invoice's dunning: the case closes, every scheduled step is cancelled with the reason, and
 * dunning.case.closed is published. A close before the issue event (reordered stream) is remembered.
 */
export async function closeCase(
  tx: pg.PoolClient,
  context: CommandContext,
  invoiceId: string,
  customerId: string,
  reason: CaseClosedReason,
): Promise<'closed' | 'already-closed' | 'before-issue'> {
  const now = context.now();
  const dunningCase = await lockCase(tx, invoiceId);
  if (!dunningCase) {
    await recordClosedBeforeIssue(tx, invoiceId, reason, now);
    return 'before-issue';
  }
  if (dunningCase.status === 'closed') return 'already-closed';
  await closeCaseRow(tx, invoiceId, reason, now);
  if (reason === 'paid' || reason === 'credited') {
    await tx.query({
      text: 'UPDATE dunning_cases SET balance_minor = 0 WHERE invoice_id = $1',
      values: [invoiceId],
    });
  }
  const scheduled = await scheduledStepsOfCase(tx, invoiceId);
  const cancelled = await finishStepsUnrun(
    tx,
    scheduled.map((s) => s.step_id),
    'cancelled',
    `case closed: ${reason}`,
  );
  await addTimeline(tx, [
    ...cancelled.map((stepId) => ({
      invoiceId,
      at: now,
      kind: 'cancelled' as const,
      stepId,
      detail: { reason: `case closed: ${reason}` },
    })),
    { invoiceId, at: now, kind: 'closed', detail: { reason } },
  ]);
  await publish(
    tx,
    context,
    DUNNING_CASE_CLOSED,
    customerId,
    { invoiceId, customerId, reason, closedAt: now.toISOString() },
    { id: `case-closed.${invoiceId}`, subject: invoiceId },
  );
  if (reason === 'paid' || reason === 'credited') await settlePromisesOnPayment(tx, context, invoiceId, 0n);
  return 'closed';
}
