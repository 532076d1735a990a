import { randomUUID } from 'node:crypto';
import type { LedgerInvoiceIssuedData } from '@dunning/contracts';
import { toMinorUnits } from '@dunning/contracts';
import type pg from 'pg';
import {
  findClosedBeforeIssue,
  openCase,
  rememberResolvedDispute,
  takeDisputesBeforeIssue,
} from '../db/cases.queries.ts';
import { findCustomer } from '../db/customers.queries.ts';
import { findLatestPolicy } from '../db/policies.queries.ts';
import { insertSteps, type NewStep } from '../db/steps.queries.ts';
import { addTimeline } from '../db/timeline.queries.ts';
import { type PlannedStep, planNewCase } from '../domain/plan-steps.ts';
import { type Policy, policyIdForClass } from '../domain/policy.ts';
import { type EngineContext, planningClock } from './engine-context.ts';
import { pauseCase } from './pause-case.ts';

export function toNewSteps(
  planned: PlannedStep[],
  policy: Policy,
  invoiceId: string,
  customerId: string,
): NewStep[] {
  return planned.map((p) => ({
    stepId: randomUUID(),
    invoiceId,
    customerId,
    policyId: policy.policyId,
    policyVersion: policy.version,
    level: p.level,
    name: p.name,
    offsetDays: p.offsetDays,
    definition: p.step,
    dueAt: new Date(p.dueAtMs),
    runAt: new Date(p.runAtMs),
  }));
}

/** Opens the case of a newly issued invoice and plans its whole ladder under the customer's policy. */
export async function planCase(
  tx: pg.PoolClient,
  context: EngineContext,
  data: LedgerInvoiceIssuedData,
  eventId: string,
): Promise<'planned' | 'exists' | 'closed-before-issue'> {
  const now = context.now();
  const customer = await findCustomer(tx, data.customerId);
  const policy = await findLatestPolicy(tx, policyIdForClass(customer.risk_class));
  if (!policy) throw new Error(`policy ${policyIdForClass(customer.risk_class)} is missing`);
  const opened = await openCase(tx, {
    invoiceId: data.invoiceId,
    customerId: data.customerId,
    number: data.number,
    currency: data.currency,
    amountMinor: toMinorUnits(data.amount, data.currency),
    balanceMinor: toMinorUnits(data.balance, data.currency),
    dueDate: data.dueDate,
    overdueAt: new Date(data.overdueAt),
    policyId: policy.policyId,
    policyVersion: policy.version,
    eventId,
    at: now,
  });
  if (!opened) return 'exists';
  const endedEarly = await findClosedBeforeIssue(tx, data.invoiceId);
  if (endedEarly) {
    await tx.query({
      text: `UPDATE dunning_cases SET status = 'closed', closed_at = $2, close_reason = $3, balance_minor = 0
             WHERE invoice_id = $1`,
      values: [data.invoiceId, endedEarly.at, endedEarly.reason],
    });
    await addTimeline(tx, [
      {
        invoiceId: data.invoiceId,
        at: now,
        kind: 'closed',
        detail: { reason: endedEarly.reason, before: 'issue' },
      },
    ]);
    return 'closed-before-issue';
  }
  const clock = planningClock(context.config, customer.time_zone);
  const planned = planNewCase(policy, Date.parse(data.overdueAt), clock, now.getTime());
  const steps = toNewSteps(planned, policy, data.invoiceId, data.customerId);
  await insertSteps(tx, steps);
  await addTimeline(tx, [
    {
      invoiceId: data.invoiceId,
      at: now,
      kind: 'opened',
      detail: { policyId: policy.policyId, policyVersion: policy.version, riskClass: customer.risk_class },
    },
    ...steps.map((s) => ({
      invoiceId: data.invoiceId,
      at: now,
      kind: 'planned' as const,
      stepId: s.stepId,
      detail: {
        name: s.name,
        offsetDays: s.offsetDays,
        dueAt: s.dueAt.toISOString(),
        runAt: s.runAt.toISOString(),
      },
    })),
  ]);
  // Disputes seen before the invoice: resolved ones are remembered, open ones pause the new case.
  for (const dispute of await takeDisputesBeforeIssue(tx, data.invoiceId)) {
    if (dispute.resolved) await rememberResolvedDispute(tx, data.invoiceId, dispute.dispute_id);
    else await pauseCase(tx, context, data.invoiceId, { dispute: dispute.dispute_id });
  }
  return 'planned';
}
