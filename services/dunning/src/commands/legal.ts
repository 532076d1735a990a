import { createHash } from 'node:crypto';
import { DUNNING_CASE_LEGAL_HANDED_OVER, DUNNING_CASE_LEGAL_WITHDRAWN } from '@dunning/contracts';
import { HttpProblem } from '@dunning/service-runtime';
import type pg from 'pg';
import { type CaseRow, lockCase } from '../db/cases.queries.ts';
import {
  closeLegalTasks,
  insertLegalTask,
  legalCasesOfCustomer,
  moveTasksToLegal,
  type NewLegalTask,
  setCaseLegal,
} from '../db/legal.queries.ts';
import { notifyTaskChanges } from '../db/task-feed.queries.ts';
import { addTimeline } from '../db/timeline.queries.ts';
import { type CommandContext, publish } from './command-context.ts';
import { recordClosed } from './end-tasks.ts';
import { continueAtOnce } from './pause-case.ts';

export interface LegalHandOver {
  reason: string;
  /** The API key's name, or `policy` when a step handed it over. */
  by: string;
  /** The policy step that handed it over. */
  step?: string;
}

async function lockOpenCase(tx: pg.PoolClient, invoiceId: string): Promise<CaseRow> {
  const c = await lockCase(tx, invoiceId);
  if (!c) throw new HttpProblem({ status: 404, detail: `no dunning case for invoice ${invoiceId}` });
  if (c.status === 'closed')
    throw new HttpProblem({ status: 409, detail: `the case is closed (${c.close_reason ?? 'unknown'})` });
  return c;
}

/**
 * The case goes to legal: no notice goes out for it any more (its steps are held: they wait, neither
 * run nor skipped), its unfinished collector tasks move to the legal queue. Already in legal: nothing
 * changes. Returns whether this call handed it over.
 */
export async function handOverToLegal(
  tx: pg.PoolClient,
  context: CommandContext,
  invoiceId: string,
  handOver: LegalHandOver,
): Promise<boolean> {
  const c = await lockOpenCase(tx, invoiceId);
  if (c.legal_since) return false;
  const now = context.now();
  await setCaseLegal(tx, invoiceId, { since: now, reason: handOver.reason });
  const moved = await moveTasksToLegal(tx, invoiceId);
  await notifyTaskChanges(
    tx,
    context.config.DB_SCHEMA,
    moved.flatMap((t) => (t.collector_id ? [t.collector_id] : [])),
  );
  await addTimeline(tx, [
    {
      invoiceId,
      at: now,
      kind: 'legal-handed-over',
      detail: {
        reason: handOver.reason,
        by: handOver.by,
        ...(handOver.step ? { step: handOver.step } : {}),
        movedTasks: moved.map((t) => t.task_id),
      },
    },
  ]);
  await publish(tx, context, DUNNING_CASE_LEGAL_HANDED_OVER, c.customer_id, {
    invoiceId,
    customerId: c.customer_id,
    reason: handOver.reason,
    ...(handOver.step ? { step: handOver.step } : {}),
    by: handOver.by,
    handedOverAt: now.toISOString(),
  });
  return true;
}

/**
 * Takes the case back from legal: dunning continues from the level reached, one level at a time (a
 * step that fell due meanwhile runs now, or the minimum interval after the last notice; the next an
 * interval later); its unfinished legal tasks close (`legal-withdrawn`). Not in legal: nothing changes.
 */
export async function withdrawFromLegal(
  tx: pg.PoolClient,
  context: CommandContext,
  invoiceId: string,
  withdrawal: { reason: string; by: string },
): Promise<boolean> {
  const c = await lockOpenCase(tx, invoiceId);
  if (!c.legal_since) return false;
  const now = context.now();
  await setCaseLegal(tx, invoiceId, null);
  // A case also paused (a dispute, a promise) keeps waiting; its resume re-spaces the steps.
  const nextStepAt = c.status === 'active' ? await continueAtOnce(tx, context, c, false, now) : null;
  await recordClosed(tx, context, await closeLegalTasks(tx, invoiceId, now), 'legal-withdrawn', now);
  await addTimeline(tx, [
    {
      invoiceId,
      at: now,
      kind: 'legal-withdrawn',
      detail: {
        reason: withdrawal.reason,
        by: withdrawal.by,
        inLegalMs: now.getTime() - c.legal_since.getTime(),
        nextStepAt: nextStepAt?.toISOString() ?? null,
      },
    },
  ]);
  await publish(tx, context, DUNNING_CASE_LEGAL_WITHDRAWN, c.customer_id, {
    invoiceId,
    customerId: c.customer_id,
    reason: withdrawal.reason,
    by: withdrawal.by,
    withdrawnAt: now.toISOString(),
  });
  return true;
}

/** Something the ledger posted on a customer: a payment, an issued invoice, a dispute. */
export interface Posting {
  kind: 'payment' | 'invoice-issued' | 'dispute-opened';
  /** The payment, invoice or dispute id: one legal task per posting. */
  id: string;
  customerId: string;
  invoiceIds: string[];
  currency: string;
  amountMinor: bigint;
  amount: string;
  postedAt: string;
}

/** One task per posting; a long posting id is hashed so the task id stays a valid id (≤ 100). */
export function legalTaskId(posting: Pick<Posting, 'kind' | 'id'>): string {
  const id = `legal.${posting.kind}.${posting.id}`;
  return id.length <= 100
    ? id
    : `legal.${posting.kind}.${createHash('sha256').update(posting.id).digest('hex')}`;
}

/**
 * A posting on a customer with cases in legal raises one task in the legal queue, covering those cases
 * (and the posting's own invoices); its id comes from the posting, so a redelivery adds nothing.
 * Returns whether a task was raised.
 */
export async function raiseLegalTask(
  tx: pg.PoolClient,
  context: CommandContext,
  posting: Posting,
): Promise<boolean> {
  const legal = await legalCasesOfCustomer(tx, posting.customerId);
  if (legal.length === 0) return false;
  const now = context.now();
  const task: NewLegalTask = {
    taskId: legalTaskId(posting),
    customerId: posting.customerId,
    invoiceIds: [...new Set([...legal, ...posting.invoiceIds])],
    currency: posting.currency,
    amountMinor: posting.amountMinor,
    posting: {
      kind: posting.kind,
      id: posting.id,
      invoiceIds: posting.invoiceIds,
      amount: posting.amount,
      currency: posting.currency,
      postedAt: posting.postedAt,
    },
    createdAt: now,
  };
  if (!(await insertLegalTask(tx, task))) return false;
  await addTimeline(
    tx,
    legal.map((invoiceId) => ({
      invoiceId,
      at: now,
      kind: 'legal-task-raised' as const,
      detail: { taskId: task.taskId, posting: task.posting },
    })),
  );
  return true;
}
