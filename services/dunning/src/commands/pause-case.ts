import type pg from 'pg';
import {
  type CaseRow,
  lockCase,
  rememberDisputeBeforeIssue,
  rememberResolvedDispute,
  savePauseState,
} from '../db/cases.queries.ts';
import { findCustomer } from '../db/customers.queries.ts';
import { findPolicyVersion } from '../db/policies.queries.ts';
import { moveStep, moveSteps, scheduledStepsOfCase } from '../db/steps.queries.ts';
import { addTimeline } from '../db/timeline.queries.ts';
import { runAtFor, spaceSteps } from '../domain/plan-steps.ts';
import { type CommandContext, planningClock } from './command-context.ts';

export type PauseCause = { dispute: string } | { promise: string };

function describe(cause: PauseCause): Record<string, string> {
  return 'dispute' in cause
    ? { cause: 'dispute', disputeId: cause.dispute }
    : { cause: 'promise', promiseId: cause.promise };
}

/** Pauses the case for a dispute or a promise to pay; its steps wait (they are neither run nor skipped). */
export async function pauseCase(
  tx: pg.PoolClient,
  context: CommandContext,
  invoiceId: string,
  cause: PauseCause,
): Promise<boolean> {
  const c = await lockCase(tx, invoiceId);
  if (!c && 'dispute' in cause) await rememberDisputeBeforeIssue(tx, invoiceId, cause.dispute, false);
  if (!c || c.status === 'closed') return false;
  if ('dispute' in cause && c.resolved_disputes.includes(cause.dispute)) return false;
  const now = context.now();
  const disputes =
    'dispute' in cause && !c.open_disputes.includes(cause.dispute)
      ? [...c.open_disputes, cause.dispute]
      : c.open_disputes;
  const promiseId = 'promise' in cause ? cause.promise : c.promise_id;
  await savePauseState(tx, invoiceId, {
    status: 'paused',
    pausedAt: c.paused_at ?? now,
    openDisputes: disputes,
    promiseId,
    addShiftMs: 0n,
  });
  await addTimeline(tx, [{ invoiceId, at: now, kind: 'paused', detail: describe(cause) }]);
  return true;
}

/**
 * Lifts one cause of a pause. When none is left the case resumes. After a dispute every scheduled step
 * moves later by the time spent paused, so the customer gets the same spacing between notices as
 * before. After a promise (broken: kept ones leave nothing to pay) escalation resumes at once: the next
 * step runs now, or the minimum interval after the last notice, and the later ones follow an interval
 * apart, not shifted by the pause.
 */
export async function liftPause(
  tx: pg.PoolClient,
  context: CommandContext,
  invoiceId: string,
  cause: PauseCause,
): Promise<CaseRow | undefined> {
  const c = await lockCase(tx, invoiceId);
  if (!c && 'dispute' in cause) await rememberDisputeBeforeIssue(tx, invoiceId, cause.dispute, true);
  if (!c || c.status === 'closed') return c;
  if ('dispute' in cause) await rememberResolvedDispute(tx, invoiceId, cause.dispute);
  const now = context.now();
  const disputes = 'dispute' in cause ? c.open_disputes.filter((d) => d !== cause.dispute) : c.open_disputes;
  const promiseId = 'promise' in cause && c.promise_id === cause.promise ? null : c.promise_id;
  const stillPaused = disputes.length > 0 || promiseId !== null;
  if (stillPaused || c.status !== 'paused' || !c.paused_at) {
    await savePauseState(tx, invoiceId, {
      status: stillPaused ? 'paused' : 'active',
      pausedAt: stillPaused ? c.paused_at : null,
      openDisputes: disputes,
      promiseId,
      addShiftMs: 0n,
    });
    return c;
  }
  if ('promise' in cause) return resumeAtOnce(tx, context, c, disputes, cause);
  const pauseMs = Math.max(0, now.getTime() - c.paused_at.getTime());
  await savePauseState(tx, invoiceId, {
    status: 'active',
    pausedAt: null,
    openDisputes: disputes,
    promiseId,
    addShiftMs: BigInt(pauseMs),
  });
  const customer = await findCustomer(tx, c.customer_id);
  const clock = planningClock(context.config, customer.time_zone);
  for (const step of await scheduledStepsOfCase(tx, invoiceId)) {
    const dueAtMs = step.due_at.getTime() + pauseMs;
    await moveStep(tx, step.step_id, new Date(dueAtMs), new Date(runAtFor(dueAtMs, clock)));
  }
  await addTimeline(tx, [
    { invoiceId, at: now, kind: 'resumed', detail: { ...describe(cause), shiftedByMs: pauseMs } },
  ]);
  return { ...c, status: 'active' };
}

async function resumeAtOnce(
  tx: pg.PoolClient,
  context: CommandContext,
  c: CaseRow,
  disputes: string[],
  cause: PauseCause,
): Promise<CaseRow> {
  const now = context.now();
  const invoiceId = c.invoice_id;
  await savePauseState(tx, invoiceId, {
    status: 'active',
    pausedAt: null,
    openDisputes: disputes,
    promiseId: null,
    addShiftMs: 0n,
  });
  const nextStepAt = await continueAtOnce(tx, context, c, true, now);
  await addTimeline(tx, [
    {
      invoiceId,
      at: now,
      kind: 'resumed',
      detail: { ...describe(cause), nextStepAt: nextStepAt?.toISOString() ?? null },
    },
  ]);
  return { ...c, status: 'active' };
}

/**
 * Escalation goes on from the level reached, one level at a time: the next scheduled step runs now
 * (`pullForward`; otherwise when it falls due, if later), or the minimum interval after the last
 * notice, the later ones an interval apart (timers armed again by the pump). Returns when the next
 * step runs (null: none left). `now`: the instant the caller records the resumption at, so the next
 * step is due exactly then, not a few milliseconds of queries later.
 */
export async function continueAtOnce(
  tx: pg.PoolClient,
  context: CommandContext,
  c: CaseRow,
  pullForward = true,
  now: Date = context.now(),
): Promise<Date | null> {
  const customer = await findCustomer(tx, c.customer_id);
  const clock = planningClock(context.config, customer.time_zone);
  const policy =
    c.policy_id && c.policy_version ? await findPolicyVersion(tx, c.policy_id, c.policy_version) : undefined;
  const intervalMs = (policy?.minimumIntervalDays ?? 0) * context.config.DAY_MS;
  const scheduled = await scheduledStepsOfCase(tx, c.invoice_id);
  const nextAtMs = Math.max(
    now.getTime(),
    (c.last_notice_at?.getTime() ?? Number.NEGATIVE_INFINITY) + intervalMs,
  );
  const ladder = scheduled.map((s, i) => ({
    stepId: s.step_id,
    dueAtMs: i === 0 && pullForward ? nextAtMs : s.due_at.getTime(),
    runAtMs: i === 0 && pullForward ? runAtFor(nextAtMs, clock) : s.run_at.getTime(),
  }));
  const spaced = spaceSteps(ladder, clock, intervalMs, now.getTime(), nextAtMs);
  await moveSteps(
    tx,
    spaced
      .filter((p, i) => (pullForward ? p.dueAtMs !== scheduled[i]!.due_at.getTime() : true))
      .map((p) => ({ stepId: p.stepId, dueAt: new Date(p.dueAtMs), runAt: new Date(p.runAtMs) })),
  );
  return spaced[0] ? new Date(spaced[0].runAtMs) : null;
}
