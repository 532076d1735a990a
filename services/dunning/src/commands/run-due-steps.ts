import { formatMinorUnits } from '@dunning/contracts';
import { withTransaction } from '@dunning/pg';
import type pg from 'pg';
import { type BlockRow, blocksHoldingInvoices } from '../db/blocks.queries.ts';
import type { CaseRow } from '../db/cases.queries.ts';
import { policyKey, policyVersions } from '../db/policies.queries.ts';
import type { DueCase } from '../db/step-runs.queries.ts';
import {
  endPlannedSteps,
  findAndLockRequestedSteps,
  lastNotices,
  lockCasesWithStepsDue,
  recordNoticesOnCases,
  scheduledStepsDue,
} from '../db/step-runs.queries.ts';
import type { StepRow } from '../db/steps.queries.ts';
import { addTimeline, type TimelineEntry } from '../db/timeline.queries.ts';
import { itemLevel } from '../domain/minimum-amount.ts';
import { nextNoticeDay, noticeDeadline } from '../domain/notice-dates.ts';
import {
  caseVerdict,
  type ExclusionReason,
  noticeGroup,
  type PlannableCase,
  type PlannableStep,
  planNotices,
} from '../domain/notice-plan.ts';
import { daysOverdue } from '../domain/plan-steps.ts';
import type { Policy } from '../domain/policy.ts';
import { observeStepsRun } from '../metrics.ts';
import { type CommandContext, planningClock } from './command-context.ts';
import { handOverToLegal } from './legal.ts';
import { type Notice, type NoticeInvoice, requestNoticeActions } from './request-step-actions.ts';
import { spaceAfterNotices } from './space-after-notices.ts';

/** What became of a step asked to run. */
export type RunOutcome =
  | { status: 'ran' }
  | { status: 'not-due' | 'busy'; runAt: Date }
  | { status: 'final' | 'paused' | 'closed' | 'missing' };

const BLOCK_REASONS: ReadonlySet<ExclusionReason> = new Set([
  'dispute',
  'promise',
  'legal',
  'vip',
  'bankruptcy',
  'manual',
]);

export const plannable = (c: CaseRow, intervalMs = 0, blocks: readonly BlockRow[] = []): PlannableCase => ({
  status: c.status,
  closeReason: c.close_reason,
  balanceMinor: c.balance_minor,
  openDisputes: c.open_disputes.length,
  promisePending: c.promise_id !== null,
  currency: c.currency,
  reachedLevel: c.reached_level,
  lastNoticeAtMs: c.last_notice_at?.getTime() ?? null,
  intervalMs,
  legal: c.legal_since !== null,
  blocks: blocks.map((b) => ({ blockId: b.block_id, reason: b.reason, untilMs: b.until?.getTime() ?? null })),
});

/** A scheduled step as planNotices sees it, its item level after the minimum-amount rule. */
export function plannableStep(s: StepRow, c: CaseRow, policies: Map<string, Policy>): PlannableStep {
  const item = { currency: c.currency, amountMinor: c.amount_minor, balanceMinor: c.balance_minor };
  return {
    stepId: s.step_id,
    invoiceId: s.invoice_id,
    customerId: s.customer_id,
    name: s.name,
    level: s.level,
    itemLevel: itemLevel(
      policies.get(policyKey(s.policy_id, s.policy_version)),
      s.definition,
      item,
      c.reached_level,
    ),
    runAtMs: s.run_at.getTime(),
  };
}

function noticeInvoice(c: CaseRow, now: Date, dayMs: number): NoticeInvoice {
  return {
    invoiceId: c.invoice_id,
    number: c.number || c.invoice_id,
    currency: c.currency,
    amount: formatMinorUnits(c.amount_minor, c.currency),
    balance: formatMinorUnits(c.balance_minor, c.currency),
    balanceMinor: c.balance_minor,
    dueDate: c.due_date,
    daysOverdue: c.overdue_at ? daysOverdue(now.getTime(), c.overdue_at.getTime(), dayMs) : 0,
  };
}

/**
 * Runs everything due of the customers owning these steps, in one transaction whatever their number:
 * re-checks each case, runs every due step in ladder order as consolidated notices, skips the steps of
 * settled cases, and publishes the notices' actions through the outbox. Whoever asks (timer, sweeper, a
 * second replica) and however often, a step runs once: the customers' locks serialise runs and the
 * conditional claim makes them idempotent.
 */
export async function runDueSteps(
  pool: pg.Pool,
  context: CommandContext,
  stepIds: readonly string[],
): Promise<Map<string, RunOutcome>> {
  // Observed after the commit, so a rolled-back run is not counted.
  const ran: { level: number; runAt: Date }[] = [];
  const outcomes = await withTransaction(pool, async (tx) => {
    ran.length = 0;
    const outcomes = new Map<string, RunOutcome>(stepIds.map((id) => [id, { status: 'missing' }]));
    const requested = await findAndLockRequestedSteps(tx, context.config.DB_SCHEMA, [...new Set(stepIds)]);
    const scheduled = requested.filter((s) => s.status === 'scheduled');
    for (const s of requested) if (s.status !== 'scheduled') outcomes.set(s.step_id, { status: 'final' });
    const locked = new Set(scheduled.filter((s) => s.locked).map((s) => s.customer_id));
    for (const s of scheduled)
      if (!locked.has(s.customer_id)) outcomes.set(s.step_id, { status: 'busy', runAt: s.run_at });
    if (locked.size === 0) return outcomes;

    const now = context.now();
    const { config } = context;
    const until = new Date(now.getTime() + config.CONSOLIDATION_WINDOW_DAYS * config.DAY_MS);
    const customerIds = [...locked];
    const cases = new Map(
      (await lockCasesWithStepsDue(tx, customerIds, until)).map((c) => [c.invoice_id, c]),
    );
    const steps = new Map((await scheduledStepsDue(tx, customerIds, until)).map((s) => [s.step_id, s]));
    // Blocks change under the customer's lock, which this transaction holds: read once, they stand.
    const blocks = await blocksHoldingInvoices(
      tx,
      [...cases.values()].map((c) => ({ invoiceId: c.invoice_id, customerId: c.customer_id })),
      now,
    );
    const plannableOf = (c: CaseRow) => plannable(c, intervalOf(c), blocks.get(c.invoice_id));

    const policies = await policyVersions(tx, [
      ...[...steps.values()].map((s) => ({ policyId: s.policy_id, version: s.policy_version })),
      ...[...cases.values()].map((c) => ({ policyId: c.policy_id, version: c.policy_version })),
    ]);
    const policyOfCase = (c: CaseRow): Policy | undefined =>
      policies.get(policyKey(c.policy_id, c.policy_version));
    const clockOf = (c: DueCase) => planningClock(config, c.customer.time_zone);
    const intervalOf = (c: CaseRow) => (policyOfCase(c)?.minimumIntervalDays ?? 0) * config.DAY_MS;
    const nextNoticeAt = new Map<string, number>();
    const byCustomer = new Map([...cases.values()].map((c) => [c.customer_id, c]));
    for (const row of await lastNotices(
      tx,
      customerIds,
      new Date(now.getTime() - 2 * Math.max(config.DAY_MS, 86_400_000)),
    )) {
      const c = byCustomer.get(row.customer_id);
      if (c)
        nextNoticeAt.set(
          noticeGroup(row.customer_id, row.currency),
          nextNoticeDay(row.last_at.getTime(), clockOf(c)),
        );
    }

    const plan = planNotices(
      [...steps.values()].flatMap((s) => {
        const c = cases.get(s.invoice_id);
        return c ? [plannableStep(s, c, policies)] : [];
      }),
      new Map([...cases].map(([id, c]) => [id, plannableOf(c)])),
      now.getTime(),
      config.CONSOLIDATION_WINDOW_DAYS * config.DAY_MS,
      nextNoticeAt,
    );
    const levelOf = new Map(plan.notices.flatMap((n) => n.items.map((i) => [i.stepId, i.level] as const)));
    // Under the customers' and cases' locks every planned step is still scheduled; the update checks anyway.
    const ended = await endPlannedSteps(
      tx,
      [
        ...plan.skipped.map(({ stepId, reason }) => ({ stepId, skipReason: reason })),
        ...plan.notices.flatMap((n) =>
          n.stepIds.map((stepId) => ({
            stepId,
            noticeStepId: n.leadStepId,
            noticeLevel: levelOf.get(stepId)!,
          })),
        ),
      ],
      now,
    );
    const skipped = new Set(plan.skipped.map((s) => s.stepId).filter((id) => ended.has(id)));
    const claimed = new Set([...ended].filter((id) => !skipped.has(id)));
    const notices: (Notice & { steps: StepRow[] })[] = [];
    for (const planned of plan.notices) {
      const ran = planned.stepIds.filter((id) => claimed.has(id)).map((id) => steps.get(id)!);
      if (ran.length === 0) continue;
      const lead = claimed.has(planned.leadStepId) ? steps.get(planned.leadStepId)! : ran[0]!;
      const leadCase = cases.get(lead.invoice_id)!;
      const level = Math.max(...ran.map((s) => levelOf.get(s.step_id)!));
      const deadlineDays = policies.get(policyKey(lead.policy_id, lead.policy_version))?.deadlineDays;
      notices.push({
        // The planned lead, unless something else ran it (it cannot while the locks are held).
        lead,
        level,
        steps: ran,
        invoices: ran.map((s) => ({
          ...noticeInvoice(cases.get(s.invoice_id)!, now, config.DAY_MS),
          level: levelOf.get(s.step_id)!,
        })),
        customer: leadCase.customer,
        // A final notice names the date to pay by.
        ...(level === 3 && deadlineDays !== undefined
          ? { deadline: noticeDeadline(now.getTime(), deadlineDays, clockOf(leadCase)) }
          : {}),
      });
    }
    for (const n of notices)
      for (const s of n.steps) ran.push({ level: levelOf.get(s.step_id)!, runAt: s.run_at });
    await recordNoticesOnCases(
      tx,
      notices.flatMap((n) =>
        n.steps.map((s) => ({ invoiceId: s.invoice_id, level: levelOf.get(s.step_id)! })),
      ),
      now,
    );
    const deferred = plan.deferred.map((d) => ({ ...d, invoiceId: steps.get(d.stepId)!.invoice_id }));
    const moved = await spaceAfterNotices(tx, context, notices, deferred, cases, intervalOf, clockOf);
    const actions = await requestNoticeActions(tx, context, notices, now);

    const codeOf = new Map(plan.excluded.map((x) => [x.stepId, x.reason]));
    const timeline: TimelineEntry[] = plan.skipped
      .filter((s) => skipped.has(s.stepId))
      .map(({ stepId, reason }) => {
        const step = steps.get(stepId)!;
        return {
          invoiceId: step.invoice_id,
          at: now,
          kind: 'skipped',
          stepId,
          detail: { name: step.name, reason, code: codeOf.get(stepId) ?? null },
        };
      });
    for (const d of plan.deferred) {
      const step = steps.get(d.stepId)!;
      timeline.push({
        invoiceId: step.invoice_id,
        at: now,
        kind: 'postponed',
        stepId: d.stepId,
        detail: {
          name: step.name,
          reason: d.reason,
          code: codeOf.get(d.stepId) ?? null,
          runAt: moved.get(d.stepId)?.toISOString() ?? null,
        },
      });
    }
    // A step held by a block says so once, when its timer fires (the sweeper leaves blocked steps alone).
    const asked = new Set(stepIds);
    for (const x of plan.excluded) {
      const step = steps.get(x.stepId)!;
      if (!asked.has(x.stepId) || !BLOCK_REASONS.has(x.reason) || !blocks.has(step.invoice_id)) continue;
      timeline.push({
        invoiceId: step.invoice_id,
        at: now,
        kind: 'held',
        stepId: x.stepId,
        detail: { name: step.name, reason: x.reason, detail: x.detail },
      });
    }
    for (const notice of notices) {
      for (const s of notice.steps) {
        timeline.push({
          invoiceId: s.invoice_id,
          at: now,
          kind: 'run',
          stepId: s.step_id,
          detail: {
            name: s.name,
            level: levelOf.get(s.step_id),
            dueAt: s.due_at.toISOString(),
            noticeStepId: notice.lead.step_id,
            consolidatedInvoices: notice.steps.map((r) => r.invoice_id),
            actions: actions.get(notice.lead.step_id) ?? [],
          },
        });
      }
    }
    await addTimeline(tx, timeline);
    // A step with `legal-hand-over` hands its case to legal once its notice went out at the step's level.
    for (const notice of notices) {
      for (const s of notice.steps) {
        if (s.definition.actions.includes('legal-hand-over') && levelOf.get(s.step_id)! >= s.level) {
          await handOverToLegal(tx, context, s.invoice_id, {
            reason: `policy ${s.policy_id} v${s.policy_version}, step ${s.name}`,
            by: 'policy',
            step: s.name,
          });
        }
      }
    }

    for (const s of scheduled) {
      if (!locked.has(s.customer_id)) continue;
      // Read under the locks when it is due soon; otherwise as read before them (a step only moves later).
      const fresh = steps.get(s.step_id);
      const c = fresh && cases.get(fresh.invoice_id);
      const runAt = moved.get(s.step_id) ?? fresh?.run_at ?? s.run_at;
      if (claimed.has(s.step_id) || skipped.has(s.step_id)) {
        outcomes.set(s.step_id, claimed.has(s.step_id) ? { status: 'ran' } : { status: 'final' });
      } else if (runAt > now || moved.has(s.step_id)) {
        outcomes.set(s.step_id, { status: 'not-due', runAt });
      } else if (!fresh) {
        // Ended or moved by whoever held the customer before us; a moved step is armed again by the pump.
        outcomes.set(s.step_id, { status: 'final' });
      } else if (!c) {
        outcomes.set(s.step_id, { status: 'missing' });
      } else {
        const verdict = caseVerdict(plannableOf(c), now.getTime());
        outcomes.set(s.step_id, {
          status: 'wait' in verdict ? 'paused' : 'skip' in verdict ? 'closed' : 'final',
        });
      }
    }
    return outcomes;
  });
  observeStepsRun(ran, context.now());
  return outcomes;
}
