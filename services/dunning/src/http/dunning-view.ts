import { formatMinorUnits } from '@dunning/contracts';
import type pg from 'pg';
import { z } from 'zod';
import { type BlockRow, blocksHoldingInvoices } from '../db/blocks.queries.ts';
import { type CaseRow, findCases } from '../db/cases.queries.ts';
import { listStepsOfCases, type StepRow } from '../db/steps.queries.ts';
import { listTimelines, type TimelineRow } from '../db/timeline.queries.ts';

export const DunningView = z.object({
  invoiceId: z.string(),
  customerId: z.string(),
  currency: z.string(),
  balance: z.string(),
  dueDate: z.string(),
  overdueAt: z.string().nullable(),
  status: z.enum(['active', 'paused', 'blocked', 'legal', 'closed']).meta({
    description:
      'closed wins; then legal (handed to legal: no notice goes out); then blocked (a dunning block, its own or its customer’s, holds the open case; see blocks); then paused or active',
  }),
  legal: z
    .object({ since: z.string(), reason: z.string() })
    .nullable()
    .meta({ description: 'Since when and why the case is in legal' }),
  blocks: z
    .array(
      z.object({
        blockId: z.string(),
        reason: z.string(),
        note: z.string().nullable(),
        until: z.string().nullable(),
        scope: z.enum(['customer', 'invoice']),
      }),
    )
    .meta({ description: 'The blocks holding the case now (see /v1/dunning-blocks)' }),
  closeReason: z.string().nullable(),
  policy: z.object({ policyId: z.string(), version: z.number() }).nullable(),
  openedAt: z.string(),
  steps: z.array(
    z.object({
      stepId: z.string(),
      name: z.string(),
      level: z.number(),
      policyId: z.string(),
      offsetDays: z.number(),
      dueAt: z.string().meta({ description: 'overdueAt + (offsetDays − 1) × DAY_MS, shifted by pauses' }),
      runAt: z.string().meta({ description: 'dueAt moved into the send window' }),
      status: z.enum(['scheduled', 'done', 'cancelled', 'skipped']),
      executedAt: z.string().nullable(),
      reason: z.string().nullable().meta({
        description: "Why it was skipped or cancelled; 'held: legal' for a step waiting while in legal",
      }),
      noticeStepId: z.string().nullable().meta({ description: 'The step whose notice covered it' }),
    }),
  ),
  timeline: z.array(
    z.object({
      at: z.string(),
      kind: z.string().meta({
        description:
          'opened, planned, re-planned, run, skipped (detail.code: below-minimum …), postponed (detail.code: min-interval), cancelled, paused, resumed, balance-changed, closed, promise-recorded, promise-kept, promise-broken; policy-assigned, policy-unassigned (detail: policyId, previousPolicyId); legal-handed-over (detail: reason, by, step?, movedTasks), legal-withdrawn (detail: reason, by, inLegalMs, nextStepAt), legal-task-raised (detail: taskId, posting); task-closed (detail: taskId, reason settled | disputed | promised | blocked | legal-withdrawn, collectorId); notification-failed (detail: notificationId, actionId, channel, step, reason, permanent, failedAt; fallbackChannel and fallbackNotificationId when the notice went out another way); block-placed, block-changed, block-lifted (detail: blockId, scope, reason, note, until, by); held (a step fell due under a block: name, reason, detail)',
      }),
      stepId: z.string().nullable(),
      detail: z.record(z.string(), z.unknown()),
    }),
  ),
});

type DunningViewBody = z.infer<typeof DunningView>;

/**
 * The cases of these invoices as the API shows them, in the order asked (invoices without a case are
 * left out): four statements however many invoices.
 */
export async function loadDunningViews(
  pool: pg.Pool,
  invoiceIds: readonly string[],
  now: Date,
): Promise<DunningViewBody[]> {
  const cases = await findCases(pool, invoiceIds);
  const ids = cases.map((c) => c.invoice_id);
  const [steps, timelines, held] = await Promise.all([
    listStepsOfCases(pool, ids),
    listTimelines(pool, ids),
    blocksHoldingInvoices(
      pool,
      cases.map((c) => ({ invoiceId: c.invoice_id, customerId: c.customer_id })),
      now,
    ),
  ]);
  const stepsOf = Map.groupBy(steps, (s) => s.invoice_id);
  const timelineOf = Map.groupBy(timelines, (t) => t.invoice_id);
  const byId = new Map(cases.map((c) => [c.invoice_id, c]));
  return invoiceIds.flatMap((id) => {
    const found = byId.get(id);
    return found
      ? [toDunningView(found, stepsOf.get(id) ?? [], timelineOf.get(id) ?? [], held.get(id) ?? [])]
      : [];
  });
}

/** One case as the API shows it: its steps, its timeline, and the blocks holding it now. */
function toDunningView(
  found: CaseRow,
  steps: StepRow[],
  timeline: TimelineRow[],
  holding: BlockRow[],
): DunningViewBody {
  const blocks = found.status === 'closed' ? [] : holding;
  return {
    invoiceId: found.invoice_id,
    customerId: found.customer_id,
    currency: found.currency,
    balance: formatMinorUnits(found.balance_minor, found.currency),
    dueDate: found.due_date,
    overdueAt: found.overdue_at?.toISOString() ?? null,
    status:
      found.status === 'closed'
        ? found.status
        : found.legal_since
          ? ('legal' as const)
          : blocks.length > 0
            ? ('blocked' as const)
            : found.status,
    legal:
      found.legal_since && found.legal_reason !== null
        ? { since: found.legal_since.toISOString(), reason: found.legal_reason }
        : null,
    blocks: blocks.map((b) => ({
      blockId: b.block_id,
      reason: b.reason,
      note: b.note,
      until: b.until?.toISOString() ?? null,
      scope: b.scope,
    })),
    closeReason: found.close_reason,
    policy: found.policy_id ? { policyId: found.policy_id, version: found.policy_version ?? 1 } : null,
    openedAt: found.opened_at.toISOString(),
    steps: steps.map((s) => ({
      stepId: s.step_id,
      name: s.name,
      level: s.level,
      policyId: s.policy_id,
      offsetDays: s.offset_days,
      dueAt: s.due_at.toISOString(),
      runAt: s.run_at.toISOString(),
      status: s.status,
      executedAt: s.executed_at?.toISOString() ?? null,
      reason:
        s.status === 'scheduled' && found.legal_since && found.status !== 'closed'
          ? 'held: legal'
          : s.status_reason,
      noticeStepId: s.notice_step_id,
    })),
    timeline: timeline.map((t) => ({
      at: t.at.toISOString(),
      kind: t.kind,
      stepId: t.step_id,
      detail: t.detail,
    })),
  };
}
