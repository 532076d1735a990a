import { DUNNING_CUSTOMER_POLICY_ASSIGNED, DUNNING_CUSTOMER_POLICY_UNASSIGNED } from '@dunning/contracts';
import type pg from 'pg';
import { lockCustomersForPlanning } from '../db/case-planning.queries.ts';
import { lockOpenCasesOfCustomer } from '../db/cases.queries.ts';
import { findCustomerPolicy, setAssignedPolicy } from '../db/customers.queries.ts';
import { addTimeline } from '../db/timeline.queries.ts';
import { effectivePolicyId, type RiskClassLetter } from '../domain/policy.ts';
import { type CommandContext, publish } from './command-context.ts';
import { replanCustomer } from './replan-customer.ts';

export interface CustomerPolicyView {
  customerId: string;
  policyId: string;
  source: 'assigned' | 'class';
  riskClass: RiskClassLetter;
  assignedAt: string | null;
}

export async function customerPolicyView(db: pg.Pool | pg.PoolClient, customerId: string) {
  const row = await findCustomerPolicy(db, customerId);
  return {
    customerId,
    policyId: effectivePolicyId(row.assigned_policy_id, row.risk_class),
    source: row.assigned_policy_id === null ? 'class' : 'assigned',
    riskClass: row.risk_class,
    assignedAt: row.policy_assigned_at?.toISOString() ?? null,
  } satisfies CustomerPolicyView;
}

/**
 * Assigns `policyId` to the customer (null: back to their class's policy). When that changes the
 * policy in force, every open case re-plans from the level it reached; the change is on each open
 * case's timeline and published. The same assignment again changes nothing (no event, no re-plan).
 * The policy must exist (checked by the caller).
 */
export async function assignCustomerPolicy(
  tx: pg.PoolClient,
  context: CommandContext,
  customerId: string,
  policyId: string | null,
): Promise<CustomerPolicyView> {
  const now = context.now();
  const before = await setAssignedPolicy(tx, customerId, policyId, now);
  if (before.assigned_policy_id === policyId) return customerPolicyView(tx, customerId);
  const previousPolicyId = effectivePolicyId(before.assigned_policy_id, before.risk_class);
  const nowPolicyId = effectivePolicyId(policyId, before.risk_class);
  const why =
    policyId === null
      ? `policy ${before.assigned_policy_id} unassigned, class ${before.risk_class}`
      : `policy ${policyId} assigned`;
  // The same lock planning takes: the timeline says why before the re-plan's entries.
  await lockCustomersForPlanning(tx, context.config.DB_SCHEMA, [customerId]);
  await addTimeline(
    tx,
    (await lockOpenCasesOfCustomer(tx, customerId)).map((c) => ({
      invoiceId: c.invoice_id,
      at: now,
      kind: policyId === null ? ('policy-unassigned' as const) : ('policy-assigned' as const),
      detail: { policyId: nowPolicyId, previousPolicyId },
    })),
  );
  await replanCustomer(tx, context, customerId, why);
  if (policyId === null) {
    await publish(tx, context, DUNNING_CUSTOMER_POLICY_UNASSIGNED, customerId, {
      customerId,
      policyId: nowPolicyId,
      previousPolicyId: before.assigned_policy_id!,
      unassignedAt: now.toISOString(),
    });
  } else {
    await publish(tx, context, DUNNING_CUSTOMER_POLICY_ASSIGNED, customerId, {
      customerId,
      policyId,
      previousPolicyId,
      assignedAt: now.toISOString(),
    });
  }
  return customerPolicyView(tx, customerId);
}
