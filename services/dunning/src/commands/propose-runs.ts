import type pg from 'pg';
import { blocksHoldingInvoices } from '../db/blocks.queries.ts';
import type { CaseRow } from '../db/cases.queries.ts';
import { policyKey, policyVersions } from '../db/policies.queries.ts';
import {
  casesWithCustomers,
  customersWithStepsBy,
  lastNotices,
  scheduledStepsDue,
} from '../db/step-runs.queries.ts';
import { nextNoticeDay } from '../domain/notice-dates.ts';
import { noticeGroup } from '../domain/notice-plan.ts';
import { isChannel } from '../domain/policy.ts';
import { type ProposalItem, proposeRuns } from '../domain/run-proposal.ts';
import { type CommandContext, planningClock } from './command-context.ts';
import { plannable, plannableStep } from './run-due-steps.ts';

// Customers in one proposal; a larger portfolio is asked for per collector or customer.
export const PROPOSAL_CUSTOMER_LIMIT = 2_000;

/**
 * The dunning proposal from now until `until`: the state the step runner would read (the same queries,
 * without its locks) handed to proposeRuns, which decides with the runner's planNotices.
 */
export async function proposeDunningRuns(
  pool: pg.Pool,
  context: CommandContext,
  until: Date,
  filter: { customerId?: string | undefined; collectorId?: string | undefined },
): Promise<ProposalItem[]> {
  const { config } = context;
  const now = context.now();
  const windowMs = config.CONSOLIDATION_WINDOW_DAYS * config.DAY_MS;
  const horizon = new Date(Math.max(until.getTime(), now.getTime()) + windowMs);
  // Steps due by until but held past it by the send window are listed too (quiet hours).
  const customerIds = await customersWithStepsBy(pool, filter, horizon, until, PROPOSAL_CUSTOMER_LIMIT);
  if (customerIds.length === 0) return [];
  // The steps first, then their cases by key: reading the cases through the steps again cost a second
  // scan of every customer's steps.
  const dueSteps = await scheduledStepsDue(pool, customerIds, horizon, until);
  const cases = new Map(
    (await casesWithCustomers(pool, [...new Set(dueSteps.map((s) => s.invoice_id))])).map((c) => [
      c.invoice_id,
      c,
    ]),
  );
  const steps = dueSteps.filter((s) => cases.has(s.invoice_id));
  const [policies, blocks, notices] = await Promise.all([
    policyVersions(pool, [
      ...steps.map((s) => ({ policyId: s.policy_id, version: s.policy_version })),
      ...[...cases.values()].map((c) => ({ policyId: c.policy_id, version: c.policy_version })),
    ]),
    blocksHoldingInvoices(
      pool,
      [...cases.values()].map((c) => ({ invoiceId: c.invoice_id, customerId: c.customer_id })),
      now,
    ),
    lastNotices(pool, customerIds, new Date(now.getTime() - 2 * Math.max(config.DAY_MS, 86_400_000))),
  ]);
  const intervalOf = (c: CaseRow) =>
    (policies.get(policyKey(c.policy_id, c.policy_version))?.minimumIntervalDays ?? 0) * config.DAY_MS;
  const clockOf = (invoiceId: string) => planningClock(config, cases.get(invoiceId)!.customer.time_zone);
  const zoneOf = new Map([...cases.values()].map((c) => [c.customer_id, c.invoice_id]));
  const nextNoticeAt = new Map<string, number>();
  for (const row of notices) {
    const invoiceId = zoneOf.get(row.customer_id);
    if (invoiceId)
      nextNoticeAt.set(
        noticeGroup(row.customer_id, row.currency),
        nextNoticeDay(row.last_at.getTime(), clockOf(invoiceId)),
      );
  }
  return proposeRuns({
    steps: steps.map((s) => ({
      ...plannableStep(s, cases.get(s.invoice_id)!, policies),
      dueAtMs: s.due_at.getTime(),
      channels: s.definition.actions.filter(isChannel),
    })),
    cases: new Map([...cases].map(([id, c]) => [id, plannable(c, intervalOf(c), blocks.get(c.invoice_id))])),
    nowMs: now.getTime(),
    untilMs: until.getTime(),
    windowMs,
    nextNoticeAt,
    clockOf,
  });
}
