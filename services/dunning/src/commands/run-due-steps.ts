import { type DunnedInvoice, formatMinorUnits } from '@dunning/contracts';
import { withTransaction } from '@dunning/pg';
import type pg from 'pg';
import { type CaseRow, lockCase, lockCases } from '../db/cases.queries.ts';
import {
  claimSteps,
  consolidationCandidates,
  dueStepsOfCase,
  findStep,
  finishStepsUnrun,
  type StepRow,
} from '../db/steps.queries.ts';
import { addTimeline } from '../db/timeline.queries.ts';
import { consolidationGroup } from '../domain/consolidation.ts';
import { daysOverdue } from '../domain/plan-steps.ts';
import type { EngineContext } from './engine-context.ts';
import { requestStepActions } from './request-step-actions.ts';

export type RunOutcome =
  | { status: 'ran'; steps: number }
  | { status: 'not-due'; runAt: Date }
  | { status: 'final' | 'paused' | 'closed' | 'missing' };

/** Why a case may not be dunned now; undefined when it may. Paused cases wait instead of skipping. */
function skipReason(c: CaseRow): string | undefined {
  if (c.status === 'closed') return `case closed (${c.close_reason ?? 'unknown'})`;
  if (c.balance_minor <= 0n) return 'nothing left to pay';
  return undefined;
}

const isPaused = (c: CaseRow) => c.status === 'paused' || c.open_disputes.length > 0 || c.promise_id !== null;

/**
 * Runs the step's case up to now, in one transaction: re-checks the case, then runs every due step
 * of it in ladder order. Whoever calls this (timer, sweeper, a second replica) and however often,
 * a step runs once: the customer's advisory lock serialises runs, the conditional claim makes them
 * idempotent.
 */
export async function runDueSteps(
  pool: pg.Pool,
  context: EngineContext,
  stepId: string,
): Promise<RunOutcome> {
  return withTransaction(pool, async (tx) => {
    const step = await findStep(tx, stepId);
    if (!step) return { status: 'missing' };
    if (step.status !== 'scheduled') return { status: 'final' };
    await tx.query({
      text: 'SELECT pg_advisory_xact_lock(hashtext($1))',
      values: [`customer:${step.customer_id}`],
    });
    const now = context.now();
    const dunningCase = await lockCase(tx, step.invoice_id);
    if (!dunningCase) return { status: 'missing' };
    if (dunningCase.status === 'closed') return { status: 'closed' };
    if (isPaused(dunningCase)) return { status: 'paused' };
    const due = await dueStepsOfCase(tx, step.invoice_id, now);
    if (due.length === 0) {
      const fresh = await findStep(tx, stepId);
      return fresh?.status === 'scheduled' ? { status: 'not-due', runAt: fresh.run_at } : { status: 'final' };
    }
    let ran = 0;
    for (const lead of due) ran += await runNotice(tx, context, lead, now);
    return { status: 'ran', steps: ran };
  });
}

/** Runs one step, consolidated with the customer's steps of the same level in the window. */
async function runNotice(
  tx: pg.PoolClient,
  context: EngineContext,
  lead: StepRow,
  now: Date,
): Promise<number> {
  const windowMs = context.config.CONSOLIDATION_WINDOW_DAYS * context.config.DAY_MS;
  const candidates = await consolidationCandidates(
    tx,
    lead.customer_id,
    lead.name,
    new Date(lead.run_at.getTime() + windowMs),
  );
  const toCandidate = (s: StepRow) => ({
    stepId: s.step_id,
    customerId: s.customer_id,
    name: s.name,
    runAtMs: s.run_at.getTime(),
  });
  const groupIds = new Set(
    consolidationGroup(toCandidate(lead), candidates.map(toCandidate), windowMs).map((c) => c.stepId),
  );
  const group = [lead, ...candidates.filter((s) => s.step_id !== lead.step_id && groupIds.has(s.step_id))];
  const cases = new Map(
    (
      await lockCases(
        tx,
        group.map((s) => s.invoice_id),
      )
    ).map((c) => [c.invoice_id, c]),
  );

  const eligible: StepRow[] = [];
  const skipped: { step: StepRow; reason: string }[] = [];
  for (const step of group) {
    const c = cases.get(step.invoice_id);
    if (!c) continue;
    const reason = skipReason(c);
    if (reason) skipped.push({ step, reason });
    else if (!isPaused(c)) eligible.push(step);
  }
  for (const { step, reason } of skipped) {
    const done = await finishStepsUnrun(tx, [step.step_id], 'skipped', reason);
    if (done.length > 0) {
      await addTimeline(tx, [
        {
          invoiceId: step.invoice_id,
          at: now,
          kind: 'skipped',
          stepId: step.step_id,
          detail: { name: step.name, reason },
        },
      ]);
    }
  }
  if (eligible.length === 0) return 0;
  const claimed = await claimSteps(
    tx,
    eligible.map((s) => s.step_id),
    lead.step_id,
    now,
  );
  const ran = eligible.filter((s) => claimed.has(s.step_id));
  if (ran.length === 0) return 0;

  const invoices: (DunnedInvoice & { balanceMinor: bigint })[] = ran.map((s) => {
    const c = cases.get(s.invoice_id)!;
    return {
      invoiceId: c.invoice_id,
      number: c.number || c.invoice_id,
      currency: c.currency,
      amount: formatMinorUnits(c.amount_minor, c.currency),
      balance: formatMinorUnits(c.balance_minor, c.currency),
      balanceMinor: c.balance_minor,
      dueDate: c.due_date,
      daysOverdue: c.overdue_at
        ? daysOverdue(now.getTime(), c.overdue_at.getTime(), context.config.DAY_MS)
        : 0,
    };
  });
  const actions = await requestStepActions(tx, context, lead, invoices, now);
  await addTimeline(
    tx,
    ran.map((s) => ({
      invoiceId: s.invoice_id,
      at: now,
      kind: 'run' as const,
      stepId: s.step_id,
      detail: {
        name: s.name,
        dueAt: s.due_at.toISOString(),
        noticeStepId: lead.step_id,
        consolidatedInvoices: ran.map((r) => r.invoice_id),
        actions,
      },
    })),
  );
  return ran.length;
}
