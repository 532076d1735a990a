import { formatMinorUnits } from '@dunning/contracts';
import { withTransaction } from '@dunning/pg';
import type pg from 'pg';
import type { CaseRow } from '../db/cases.queries.ts';
import {
  endPlannedSteps,
  findAndLockRequestedSteps,
  lockCasesWithStepsDue,
  scheduledStepsDue,
} from '../db/step-runs.queries.ts';
import type { StepRow } from '../db/steps.queries.ts';
import { addTimeline, type TimelineEntry } from '../db/timeline.queries.ts';
import { caseVerdict, type PlannableCase, planNotices } from '../domain/notice-plan.ts';
import { daysOverdue } from '../domain/plan-steps.ts';
import type { CommandContext } from './command-context.ts';
import { type Notice, type NoticeInvoice, requestNoticeActions } from './request-step-actions.ts';

/** What became of a step asked to run. */
export type RunOutcome =
  | { status: 'ran' }
  | { status: 'not-due' | 'busy'; runAt: Date }
  | { status: 'final' | 'paused' | 'closed' | 'missing' };

const plannable = (c: CaseRow): PlannableCase => ({
  status: c.status,
  closeReason: c.close_reason,
  balanceMinor: c.balance_minor,
  openDisputes: c.open_disputes.length,
  promisePending: c.promise_id !== null,
});

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
  return withTransaction(pool, async (tx) => {
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

    const plan = planNotices(
      [...steps.values()].map((s) => ({
        stepId: s.step_id,
        invoiceId: s.invoice_id,
        customerId: s.customer_id,
        name: s.name,
        level: s.level,
        runAtMs: s.run_at.getTime(),
      })),
      new Map([...cases].map(([id, c]) => [id, plannable(c)])),
      now.getTime(),
      config.CONSOLIDATION_WINDOW_DAYS * config.DAY_MS,
    );
    // Under the customers' and cases' locks every planned step is still scheduled; the update checks anyway.
    const ended = await endPlannedSteps(
      tx,
      [
        ...plan.skipped.map(({ stepId, reason }) => ({ stepId, skipReason: reason })),
        ...plan.notices.flatMap((n) => n.stepIds.map((stepId) => ({ stepId, noticeStepId: n.leadStepId }))),
      ],
      now,
    );
    const skipped = new Set(plan.skipped.map((s) => s.stepId).filter((id) => ended.has(id)));
    const claimed = new Set([...ended].filter((id) => !skipped.has(id)));
    const notices: (Notice & { steps: StepRow[] })[] = [];
    for (const planned of plan.notices) {
      const ran = planned.stepIds.filter((id) => claimed.has(id)).map((id) => steps.get(id)!);
      if (ran.length === 0) continue;
      notices.push({
        // The planned lead, unless something else ran it (it cannot while the locks are held).
        lead: claimed.has(planned.leadStepId) ? steps.get(planned.leadStepId)! : ran[0]!,
        steps: ran,
        invoices: ran.map((s) => noticeInvoice(cases.get(s.invoice_id)!, now, config.DAY_MS)),
        customer: cases.get(ran[0]!.invoice_id)!.customer,
      });
    }
    const actions = await requestNoticeActions(tx, context, notices, now);

    const timeline: TimelineEntry[] = plan.skipped
      .filter((s) => skipped.has(s.stepId))
      .map(({ stepId, reason }) => {
        const step = steps.get(stepId)!;
        return {
          invoiceId: step.invoice_id,
          at: now,
          kind: 'skipped',
          stepId,
          detail: { name: step.name, reason },
        };
      });
    for (const notice of notices) {
      for (const s of notice.steps) {
        timeline.push({
          invoiceId: s.invoice_id,
          at: now,
          kind: 'run',
          stepId: s.step_id,
          detail: {
            name: s.name,
            dueAt: s.due_at.toISOString(),
            noticeStepId: notice.lead.step_id,
            consolidatedInvoices: notice.steps.map((r) => r.invoice_id),
            actions: actions.get(notice.lead.step_id) ?? [],
          },
        });
      }
    }
    await addTimeline(tx, timeline);

    for (const s of scheduled) {
      if (!locked.has(s.customer_id)) continue;
      // Read under the locks when it is due soon; otherwise as read before them (a step only moves later).
      const fresh = steps.get(s.step_id);
      const c = fresh && cases.get(fresh.invoice_id);
      const runAt = fresh?.run_at ?? s.run_at;
      if (claimed.has(s.step_id) || skipped.has(s.step_id)) {
        outcomes.set(s.step_id, claimed.has(s.step_id) ? { status: 'ran' } : { status: 'final' });
      } else if (runAt > now) {
        outcomes.set(s.step_id, { status: 'not-due', runAt });
      } else if (!fresh) {
        // Ended or moved by whoever held the customer before us; a moved step is armed again by the pump.
        outcomes.set(s.step_id, { status: 'final' });
      } else if (!c) {
        outcomes.set(s.step_id, { status: 'missing' });
      } else {
        const verdict = caseVerdict(plannable(c));
        outcomes.set(s.step_id, {
          status: 'wait' in verdict ? 'paused' : 'skip' in verdict ? 'closed' : 'final',
        });
      }
    }
    return outcomes;
  });
}
