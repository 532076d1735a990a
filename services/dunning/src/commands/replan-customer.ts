import type pg from 'pg';
import { lockCustomersForPlanning } from '../db/case-planning.queries.ts';
import { lockOpenCasesOfCustomer, setCasePolicy } from '../db/cases.queries.ts';
import { findCustomer, findCustomerPolicy } from '../db/customers.queries.ts';
import { findLatestPolicy } from '../db/policies.queries.ts';
import { finishStepsUnrun, insertSteps, scheduledStepsOfCase } from '../db/steps.queries.ts';
import { addTimeline } from '../db/timeline.queries.ts';
import { planFutureSteps } from '../domain/plan-steps.ts';
import { effectivePolicyId } from '../domain/policy.ts';
import { type CommandContext, planningClock } from './command-context.ts';
import { toNewSteps } from './plan-case.ts';

/**
 * The customer's effective policy may have changed (their class changed, or a policy was assigned or
 * unassigned): on each open case planned under another policy the steps not yet run are cancelled and
 * the policy's steps above the level the case reached are planned, the first no sooner than the
 * minimum interval after its last notice; steps already due run one at a time. What already ran
 * stays. `why` says what changed (e.g. `class B → C`). Returns the cases re-planned.
 */
export async function replanCustomer(
  tx: pg.PoolClient,
  context: CommandContext,
  customerId: string,
  why: string,
): Promise<number> {
  await lockCustomersForPlanning(tx, context.config.DB_SCHEMA, [customerId]);
  const { assigned_policy_id, risk_class } = await findCustomerPolicy(tx, customerId);
  const policyId = effectivePolicyId(assigned_policy_id, risk_class);
  const cases = (await lockOpenCasesOfCustomer(tx, customerId)).filter(
    (c) => c.overdue_at && c.policy_id !== policyId,
  );
  if (cases.length === 0) return 0;
  const policy = await findLatestPolicy(tx, policyId);
  if (!policy) throw new Error(`policy ${policyId} is missing`);
  const now = context.now();
  const customer = await findCustomer(tx, customerId);
  const clock = planningClock(context.config, customer.time_zone);
  const reason = `re-planned: ${why}, policy ${policy.policyId} v${policy.version}`;
  for (const c of cases) {
    if (!c.overdue_at) continue;
    const scheduled = await scheduledStepsOfCase(tx, c.invoice_id);
    const cancelled = await finishStepsUnrun(
      tx,
      scheduled.map((s) => s.step_id),
      'cancelled',
      reason,
    );
    // While paused, the pause so far will be added on resume; plan against the shift already known.
    // Levels are one scale: continue above the level reached, an interval after the last notice.
    const planned = planFutureSteps(
      policy,
      c.overdue_at.getTime(),
      clock,
      Number(c.shift_ms),
      now.getTime(),
      c.reached_level ?? -1,
      c.last_notice_at?.getTime() ?? null,
    );
    const steps = toNewSteps(planned, policy, c.invoice_id, customerId);
    await insertSteps(tx, steps);
    await setCasePolicy(tx, c.invoice_id, policy.policyId, policy.version);
    await addTimeline(tx, [
      ...cancelled.map((stepId) => ({
        invoiceId: c.invoice_id,
        at: now,
        kind: 'cancelled' as const,
        stepId,
        detail: { reason },
      })),
      ...steps.map((s) => ({
        invoiceId: c.invoice_id,
        at: now,
        kind: 're-planned' as const,
        stepId: s.stepId,
        detail: { name: s.name, offsetDays: s.offsetDays, dueAt: s.dueAt.toISOString(), reason },
      })),
    ]);
  }
  return cases.length;
}
