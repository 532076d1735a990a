import { formatMinorUnits } from '@dunning/contracts';
import { z } from 'zod';
import type { TaskRow } from '../db/tasks.queries.ts';

export const TaskView = z.object({
  taskId: z.string(),
  customerId: z.string(),
  kind: z.string(),
  step: z.string(),
  invoiceIds: z.array(z.string()),
  amount: z.string(),
  currency: z.string(),
  priority: z.number().meta({
    description:
      'amount × risk weight × days overdue, doubled on each of the first three escalations (at most × 8): always finite',
  }),
  collectorId: z.string().nullable(),
  status: z.enum(['open', 'claimed', 'done', 'closed']).meta({
    description:
      'open → claimed → done (an outcome was recorded); closed: ended without an outcome, see closeReason',
  }),
  closeReason: z
    .enum(['settled', 'disputed', 'promised', 'blocked', 'legal-withdrawn', 'alert-resolved'])
    .nullable()
    .meta({
      description:
        'Why a closed task ended: settled (every invoice it covers was paid, credited, cancelled or written off), disputed (one of them was disputed), promised (a promise to pay covering all of them was recorded on another task), blocked (a dunning block was placed on its customer or one of its invoices), legal-withdrawn (a legal task whose case was taken back from legal), alert-resolved (an alert-review task whose business alert credit-risk resolved)',
    }),
  closedAt: z.string().nullable(),
  escalations: z.number().meta({ description: 'Times the task was re-queued past its claim SLA' }),
  createdAt: z.string(),
  claimedAt: z.string().nullable(),
  claimedBy: z.string().nullable().meta({
    description: "Who claimed it: the API key's name, or `console:<user>` for a person in the console",
  }),
  outcomeBy: z.string().nullable().meta({ description: 'Who recorded the outcome (as claimedBy)' }),
  outcome: z.record(z.string(), z.unknown()).nullable(),
  queue: z.enum(['collections', 'legal']).meta({
    description:
      "collections: a collector's queue; legal: cases handed to legal and postings on their customers",
  }),
  posting: z.record(z.string(), z.unknown()).nullable().meta({
    description:
      'A legal task raised by a posting on the customer: {kind payment | invoice-issued | dispute-opened, id, invoiceIds, amount, currency, postedAt}',
  }),
});
export type TaskView = z.infer<typeof TaskView>;

export function toTaskView(row: TaskRow): TaskView {
  return {
    taskId: row.task_id,
    customerId: row.customer_id,
    kind: row.kind,
    step: row.step_name,
    invoiceIds: row.invoice_ids,
    amount: formatMinorUnits(BigInt(row.amount_minor), row.currency),
    currency: row.currency,
    priority: row.priority,
    collectorId: row.collector_id,
    status: row.status,
    closeReason: row.close_reason,
    closedAt: row.closed_at?.toISOString() ?? null,
    escalations: row.escalations,
    createdAt: row.created_at.toISOString(),
    claimedAt: row.claimed_at?.toISOString() ?? null,
    claimedBy: row.claimed_by,
    outcomeBy: row.outcome_by,
    outcome: row.outcome,
    queue: row.queue,
    posting: row.posting,
  };
}
