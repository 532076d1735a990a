import type pg from 'pg';
import type { CaseRow } from '../db/cases.queries.ts';
import type { DueCase } from '../db/step-runs.queries.ts';
import { moveSteps, type StepRow, scheduledStepsOfCases } from '../db/steps.queries.ts';
import { type PlanningClock, runAtFor, spaceSteps } from '../domain/plan-steps.ts';
import type { CommandContext } from './command-context.ts';

/**
 * After the notices: each case that got one has its later steps moved to no sooner than the minimum
 * interval after it, in ladder order (one level at a time); deferred steps move to when they may run.
 * Returns the new run instants of the moved steps; the horizon pump arms their timers again.
 */
export async function spaceAfterNotices(
  tx: pg.PoolClient,
  context: CommandContext,
  notices: { steps: StepRow[] }[],
  deferred: { stepId: string; invoiceId: string; notBeforeMs: number }[],
  cases: Map<string, DueCase>,
  intervalOf: (c: CaseRow) => number,
  clockOf: (c: DueCase) => PlanningClock,
): Promise<Map<string, Date>> {
  const nowMs = context.now().getTime();
  const moves = new Map<string, { stepId: string; dueAt: Date; runAt: Date }>();
  const noticed = new Set(notices.flatMap((n) => n.steps.map((s) => s.invoice_id)));
  const later = await scheduledStepsOfCases(tx, [...noticed]);
  for (const [invoiceId, ladder] of Map.groupBy(later, (s) => s.invoice_id)) {
    const c = cases.get(invoiceId);
    if (!c) continue;
    const clock = clockOf(c);
    const spaced = spaceSteps(
      ladder.map((s) => ({ dueAtMs: s.due_at.getTime(), runAtMs: s.run_at.getTime() })),
      clock,
      intervalOf(c),
      nowMs,
      nowMs + intervalOf(c),
    );
    spaced.forEach((p, i) => {
      const s = ladder[i]!;
      if (p.dueAtMs !== s.due_at.getTime())
        moves.set(s.step_id, { stepId: s.step_id, dueAt: new Date(p.dueAtMs), runAt: new Date(p.runAtMs) });
    });
  }
  for (const d of deferred) {
    const c = cases.get(d.invoiceId);
    if (moves.has(d.stepId) || !c) continue;
    const runAt = new Date(runAtFor(d.notBeforeMs, clockOf(c)));
    moves.set(d.stepId, { stepId: d.stepId, dueAt: new Date(d.notBeforeMs), runAt });
  }
  await moveSteps(tx, [...moves.values()]);
  return new Map([...moves].map(([id, m]) => [id, m.runAt]));
}
