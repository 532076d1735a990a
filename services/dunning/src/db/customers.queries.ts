import type pg from 'pg';
import type { RiskClassLetter } from '../domain/policy.ts';

type Db = pg.Pool | pg.PoolClient;

export interface CustomerRow {
  customer_id: string;
  time_zone: string;
  risk_class: RiskClassLetter;
  collector_id: string | null;
}

export async function findCustomer(db: Db, customerId: string): Promise<CustomerRow> {
  const result = await db.query<CustomerRow>({
    text: 'SELECT customer_id, time_zone, risk_class, collector_id FROM dunning_customers WHERE customer_id = $1',
    values: [customerId],
  });
  // A customer dunning has not heard of yet is class B in UTC.
  return result.rows[0] ?? { customer_id: customerId, time_zone: 'UTC', risk_class: 'B', collector_id: null };
}

export interface NoticeCustomer extends CustomerRow {
  /** The assigned collector's name, when that collector exists. */
  collector_name: string | null;
}

/**
 * Stores the class if this assessment is newer than the one held (a reordered stream must not roll a
 * class back); returns the class held before, or undefined when nothing changed.
 */
export async function applyRiskClass(
  tx: pg.PoolClient,
  customerId: string,
  riskClass: RiskClassLetter,
  assessedAt: Date,
): Promise<{ previous: RiskClassLetter } | undefined> {
  await tx.query({
    text: `INSERT INTO dunning_customers (customer_id) VALUES ($1) ON CONFLICT DO NOTHING`,
    values: [customerId],
  });
  const current = await tx.query<{ risk_class: RiskClassLetter; risk_assessed_at: Date | null }>({
    text: 'SELECT risk_class, risk_assessed_at FROM dunning_customers WHERE customer_id = $1 FOR UPDATE',
    values: [customerId],
  });
  const row = current.rows[0];
  if (!row || (row.risk_assessed_at && row.risk_assessed_at >= assessedAt)) return undefined;
  await tx.query({
    text: 'UPDATE dunning_customers SET risk_class = $2, risk_assessed_at = $3 WHERE customer_id = $1',
    values: [customerId, riskClass, assessedAt],
  });
  return row.risk_class === riskClass ? undefined : { previous: row.risk_class };
}

export interface CustomerPolicyRow {
  risk_class: RiskClassLetter;
  assigned_policy_id: string | null;
  policy_assigned_at: Date | null;
}

/** The customer's class and assigned policy (one dunning has not heard of: class B, none assigned). */
export async function findCustomerPolicy(db: Db, customerId: string): Promise<CustomerPolicyRow> {
  const result = await db.query<CustomerPolicyRow>({
    text: `SELECT risk_class, assigned_policy_id, policy_assigned_at FROM dunning_customers WHERE customer_id = $1`,
    values: [customerId],
  });
  return result.rows[0] ?? { risk_class: 'B', assigned_policy_id: null, policy_assigned_at: null };
}

/**
 * Assigns a policy to the customer (null: back to the class's), remembering it for a customer dunning
 * has not heard of yet (the same assignment again changes nothing); returns what was held before, read
 * under the row's lock.
 */
export async function setAssignedPolicy(
  tx: pg.PoolClient,
  customerId: string,
  policyId: string | null,
  at: Date,
): Promise<CustomerPolicyRow> {
  await tx.query({
    text: `INSERT INTO dunning_customers (customer_id) VALUES ($1) ON CONFLICT DO NOTHING`,
    values: [customerId],
  });
  const before = await tx.query<CustomerPolicyRow>({
    text: `SELECT risk_class, assigned_policy_id, policy_assigned_at FROM dunning_customers
           WHERE customer_id = $1 FOR UPDATE`,
    values: [customerId],
  });
  await tx.query({
    text: `UPDATE dunning_customers SET assigned_policy_id = $2, policy_assigned_at = $3
           WHERE customer_id = $1 AND assigned_policy_id IS DISTINCT FROM $2`,
    values: [customerId, policyId, policyId === null ? null : at],
  });
  return before.rows[0]!;
}
