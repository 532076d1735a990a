import { type CaseClosedReason, DUNNING_CASE_CLOSED } from '@dunning/contracts';
import type pg from 'pg';
import { recordBalanceMovement } from '../db/balance-movements.queries.ts';
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
  /** When the ledger posted the fact that closed it (the recovery reports date the close by it). */
  postedAt?: Date,
): Promise<'closed' | 'already-closed' | 'before-issue'> {
  const now = context.now();
  const dunningCase = await lockCase(tx, invoiceId);
  if (!dunningCase) {
    await recordClosedBeforeIssue(tx, invoiceId, reason, now);
    return 'before-issue';
  }
  if (dunningCase.status === 'closed') return 'already-closed';
  const settled = reason === 'paid' || reason === 'credited';
  await closeCaseRow(tx, invoiceId, { reason, at: now, settled });
  // What was still open goes with the close: recovered when paid or credited, lost otherwise.
  await recordBalanceMovement(tx, {
    invoiceId,
    sourceId: 'close',
    customerId,
    currency: dunningCase.currency,
    kind: reason,
    deltaMinor: dunningCase.balance_minor,
    at: postedAt ?? now,
  });
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
  if (settled) await settlePromisesOnPayment(tx, context, invoiceId, 0n);
  return 'closed';
}

/**
 * Closes a case just opened for an invoice that was settled, cancelled or written off before its
 * issue event arrived (closeCase remembered it): nothing is owed, no step was planned, and
 * dunning.case.closed is not published, as dunning never ran for it.
 */
export async function closeCaseOnOpening(
  tx: pg.PoolClient,
  invoiceId: string,
  ended: { reason: string; at: Date },
  now: Date,
): Promise<void> {
  await closeCaseRow(tx, invoiceId, { reason: ended.reason, at: ended.at, settled: true });
  await addTimeline(tx, [
    { invoiceId, at: now, kind: 'closed', detail: { reason: ended.reason, before: 'issue' } },
  ]);
}
