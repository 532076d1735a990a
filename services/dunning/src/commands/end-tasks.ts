import type pg from 'pg';
import { notifyTaskChanges } from '../db/task-feed.queries.ts';
import {
  type ClosedTask,
  closeTasksCoveredBy,
  closeTasksOfSettledInvoice,
  closeTasksTouching,
  type TaskCloseReason,
} from '../db/tasks.queries.ts';
import { addTimeline } from '../db/timeline.queries.ts';
import type { CommandContext } from './command-context.ts';

/**
 * Tasks follow their case: a call about invoices that were paid, disputed or promised is no longer
 * worth making, so the task closes (it leaves the queue instead of climbing it), each of its invoices'
 * timelines says so, and its collector's feed is told.
 */
export async function recordClosed(
  tx: pg.PoolClient,
  context: CommandContext,
  closed: ClosedTask[],
  reason: TaskCloseReason,
  at: Date,
): Promise<number> {
  if (closed.length === 0) return 0;
  await addTimeline(
    tx,
    closed.flatMap((task) =>
      task.invoice_ids.map((invoiceId) => ({
        invoiceId,
        at,
        kind: 'task-closed' as const,
        detail: { taskId: task.task_id, reason, collectorId: task.collector_id },
      })),
    ),
  );
  await notifyTaskChanges(
    tx,
    context.config.DB_SCHEMA,
    closed.flatMap((task) => (task.collector_id ? [task.collector_id] : [])),
  );
  return closed.length;
}

/** After a case closed: its tasks end once every invoice they cover is closed. */
export async function endTasksOfClosedInvoice(
  tx: pg.PoolClient,
  context: CommandContext,
  invoiceId: string,
): Promise<number> {
  const at = context.now();
  return recordClosed(tx, context, await closeTasksOfSettledInvoice(tx, invoiceId, at), 'settled', at);
}

/** A dispute on an invoice ends every task that covers it: the customer answered, and dunning waits. */
export async function endTasksOfDisputedInvoice(
  tx: pg.PoolClient,
  context: CommandContext,
  invoiceId: string,
): Promise<number> {
  const at = context.now();
  return recordClosed(tx, context, await closeTasksTouching(tx, [invoiceId], 'disputed', at), 'disputed', at);
}

/** A promise to pay ends the other tasks whose invoices it all covers (the promised task is done). */
export async function endTasksCoveredByPromise(
  tx: pg.PoolClient,
  context: CommandContext,
  invoiceIds: readonly string[],
  promisedTaskId: string,
): Promise<number> {
  const at = context.now();
  return recordClosed(
    tx,
    context,
    await closeTasksCoveredBy(tx, invoiceIds, 'promised', at, promisedTaskId),
    'promised',
    at,
  );
}
