import { randomUUID } from 'node:crypto';
import type { LedgerInvoiceIssuedData } from '@dunning/contracts';
import { toMinorUnits } from '@dunning/contracts';
import type pg from 'pg';
import {
  type EarlyFacts,
  earlyFacts,
  insertLadders,
  type Ladder,
  latestPolicies,
  lockCustomersForPlanning,
  openCases,
  planningCustomers,
} from '../db/case-planning.queries.ts';
import { type NewCase, rememberResolvedDispute, takeDisputesBeforeIssue } from '../db/cases.queries.ts';
import type { NewStep } from '../db/steps.queries.ts';
import { type PlannedStep, planNewCase } from '../domain/plan-steps.ts';
import { effectivePolicyId, type Policy } from '../domain/policy.ts';
import { closeCaseOnOpening } from './close-case.ts';
import { type CommandContext, planningClock } from './command-context.ts';
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

export type PlanOutcome = 'planned' | 'exists' | 'closed-before-issue';

export interface IssuedInvoice {
  data: LedgerInvoiceIssuedData;
  eventId: string;
  /** The issued fact's time: when the ledger recorded the invoice with this balance. */
  recordedAt: Date;
}

/** Disputes seen before the invoice: resolved ones are remembered, open ones pause the new case. */
async function applyEarlyDisputes(
  tx: pg.PoolClient,
  context: CommandContext,
  invoiceId: string,
): Promise<void> {
  for (const dispute of await takeDisputesBeforeIssue(tx, invoiceId)) {
    if (dispute.resolved) await rememberResolvedDispute(tx, invoiceId, dispute.dispute_id);
    else await pauseCase(tx, context, invoiceId, { dispute: dispute.dispute_id });
  }
}

/**
 * Opens the cases of newly issued invoices (distinct ids) and plans each whole ladder under its
 * customer's policy, set-based: a handful of statements for the lot, whatever their number. An
 * invoice already under dunning keeps its case; one settled, cancelled or written off before its
 * issue event arrived gets a closed case; disputes seen before it pause the new case.
 */
export async function planCases(
  tx: pg.PoolClient,
  context: CommandContext,
  issued: IssuedInvoice[],
): Promise<PlanOutcome[]> {
  if (issued.length === 0) return [];
  const now = context.now();
  const customerIds = [...new Set(issued.map(({ data }) => data.customerId))];
  await lockCustomersForPlanning(tx, context.config.DB_SCHEMA, customerIds);
  const customers = await planningCustomers(tx, customerIds);
  const policyIdOf = (customerId: string) => {
    const customer = customers.get(customerId);
    return effectivePolicyId(customer?.assignedPolicyId ?? null, customer?.riskClass ?? 'B');
  };
  const policies = await latestPolicies(tx, [
    ...new Set(issued.map(({ data }) => policyIdOf(data.customerId))),
  ]);
  const policyOf = (customerId: string): Policy => {
    const policy = policies.get(policyIdOf(customerId));
    if (!policy) throw new Error(`policy ${policyIdOf(customerId)} is missing`);
    return policy;
  };
  const cases: NewCase[] = issued.map(({ data, eventId, recordedAt }) => ({
    invoiceId: data.invoiceId,
    customerId: data.customerId,
    number: data.number,
    currency: data.currency,
    amountMinor: toMinorUnits(data.amount, data.currency),
    balanceMinor: toMinorUnits(data.balance, data.currency),
    dueDate: data.dueDate,
    overdueAt: new Date(data.overdueAt),
    policyId: policyOf(data.customerId).policyId,
    policyVersion: policyOf(data.customerId).version,
    eventId,
    balanceAsOf: recordedAt,
    at: now,
  }));
  const opened = await openCases(tx, cases);
  const early: EarlyFacts = await earlyFacts(tx, [...opened]);
  const ladders: Ladder[] = [];
  const outcomes: PlanOutcome[] = [];
  for (const { data } of issued) {
    const { invoiceId, customerId } = data;
    const ended = early.closed.get(invoiceId);
    if (!opened.has(invoiceId)) {
      outcomes.push('exists');
    } else if (ended) {
      await closeCaseOnOpening(tx, invoiceId, ended, now);
      outcomes.push('closed-before-issue');
    } else {
      const customer = customers.get(customerId) ?? {
        timeZone: 'UTC',
        riskClass: 'B',
        assignedPolicyId: null,
      };
      const policy = policyOf(customerId);
      const clock = planningClock(context.config, customer.timeZone);
      ladders.push({
        invoiceId,
        customerId,
        policyId: policy.policyId,
        policyVersion: policy.version,
        opened: {
          policyId: policy.policyId,
          policyVersion: policy.version,
          riskClass: customer.riskClass,
          policySource: customer.assignedPolicyId === null ? 'class' : 'assigned',
        },
        steps: planNewCase(policy, Date.parse(data.overdueAt), clock, now.getTime()).map((step) => ({
          index: step.index,
          dueAt: new Date(step.dueAtMs),
          runAt: new Date(step.runAtMs),
        })),
      });
      outcomes.push('planned');
    }
  }
  await insertLadders(tx, ladders, now);
  for (const { data } of issued) {
    if (early.disputed.has(data.invoiceId) && !early.closed.has(data.invoiceId)) {
      await applyEarlyDisputes(tx, context, data.invoiceId);
    }
  }
  return outcomes;
}
