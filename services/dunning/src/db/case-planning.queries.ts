import { lockKeySql } from '@dunning/pg';
import type pg from 'pg';
import type { Policy, RiskClassLetter } from '../domain/policy.ts';
import type { NewCase } from './cases.queries.ts';
import { toPolicy } from './policies.queries.ts';

/**
 * The customer's advisory-lock key, computed in SQL from the schema (`schema`) and the customer id
 * (`customerId`), both SQL expressions: the lock every change to a customer's cases takes.
 */
export function customerLockKeySql(schema: string, customerId: string): string {
  return lockKeySql(schema, `'customer:' || ${customerId}`);
}

/**
 * Serialises planning with re-planning, per customer, until the transaction ends: a class change
 * re-plans the customer's open cases under this lock, so a case being planned meanwhile either
 * reads the new class (planned after it) or is seen and re-planned (planned before it). Sorted, so
 * two planners never deadlock.
 */
export async function lockCustomersForPlanning(
  tx: pg.PoolClient,
  schema: string,
  customerIds: string[],
): Promise<void> {
  await tx.query({
    text: `SELECT pg_advisory_xact_lock(${customerLockKeySql('$1', 'id')})
           FROM (SELECT DISTINCT unnest($2::text[]) AS id ORDER BY 1) AS customers`,
    values: [schema, customerIds],
  });
}

export interface PlanningCustomer {
  timeZone: string;
  riskClass: RiskClassLetter;
  /** A policy assigned by hand, which wins over the class's. */
  assignedPolicyId: string | null;
}

/**
 * Zone, class and assigned policy of each customer; one dunning has not heard of yet is class B in
 * UTC, none assigned. Read in a statement after lockCustomersForPlanning, so it sees a class change
 * or an assignment committed while waiting.
 */
export async function planningCustomers(
  tx: pg.PoolClient,
  customerIds: string[],
): Promise<Map<string, PlanningCustomer>> {
  const result = await tx.query<{
    customer_id: string;
    time_zone: string;
    risk_class: RiskClassLetter;
    assigned_policy_id: string | null;
  }>({
    text: `SELECT customer_id, time_zone, risk_class, assigned_policy_id FROM dunning_customers
           WHERE customer_id = ANY($1::text[])`,
    values: [customerIds],
  });
  const found = new Map(
    result.rows.map((row) => [
      row.customer_id,
      { timeZone: row.time_zone, riskClass: row.risk_class, assignedPolicyId: row.assigned_policy_id },
    ]),
  );
  return new Map(
    customerIds.map((id) => [
      id,
      found.get(id) ?? { timeZone: 'UTC', riskClass: 'B', assignedPolicyId: null },
    ]),
  );
}

/** The latest version of each policy asked for (absent when the policy does not exist). */
export async function latestPolicies(tx: pg.PoolClient, policyIds: string[]): Promise<Map<string, Policy>> {
  const result = await tx.query<Parameters<typeof toPolicy>[0]>({
    text: `SELECT DISTINCT ON (policy_id) policy_id, version, body FROM policies
           WHERE policy_id = ANY($1::text[]) ORDER BY policy_id, version DESC`,
    values: [policyIds],
  });
  return new Map(result.rows.map((row) => [row.policy_id, toPolicy(row)]));
}

/**
 * The set-based twin of openCase: returns the invoices whose case this call opened. Rows travel as
 * one JSON document: far cheaper to build than a dozen parameter arrays.
 */
export async function openCases(tx: pg.PoolClient, cases: NewCase[]): Promise<Set<string>> {
  if (cases.length === 0) return new Set();
  const rows = cases.map((c) => ({
    invoice_id: c.invoiceId,
    customer_id: c.customerId,
    currency: c.currency,
    amount_minor: c.amountMinor.toString(),
    balance_minor: c.balanceMinor.toString(),
    due_date: c.dueDate,
    opened_by_event: c.eventId,
    number: c.number,
    overdue_at: c.overdueAt.toISOString(),
    policy_id: c.policyId,
    policy_version: c.policyVersion,
    balance_as_of: c.balanceAsOf.toISOString(),
    at: c.at.toISOString(),
  }));
  const result = await tx.query<{ invoice_id: string }>({
    text: `INSERT INTO dunning_cases (invoice_id, customer_id, currency, amount_minor, balance_minor, due_date,
             opened_by_event, number, overdue_at, policy_id, policy_version, balance_as_of, opened_at)
           SELECT invoice_id, customer_id, currency, amount_minor, balance_minor, due_date, opened_by_event, number,
                  overdue_at, policy_id, policy_version, balance_as_of, at
           FROM json_to_recordset($1::json) AS c (invoice_id text, customer_id text, currency text,
             amount_minor bigint, balance_minor bigint, due_date text, opened_by_event text, number text,
             overdue_at timestamptz, policy_id text, policy_version int, balance_as_of timestamptz,
             at timestamptz)
           ON CONFLICT (invoice_id) DO NOTHING
           RETURNING invoice_id`,
    values: [JSON.stringify(rows)],
  });
  return new Set(result.rows.map((row) => row.invoice_id));
}

/** A newly opened case and where each step of its policy's ladder falls. */
export interface Ladder {
  invoiceId: string;
  customerId: string;
  policyId: string;
  policyVersion: number;
  /** Detail of the case's `opened` timeline entry. */
  opened: Record<string, unknown>;
  /** `index`: the step's place in the policy's ladder. */
  steps: { index: number; dueAt: Date; runAt: Date }[];
}

/**
 * Writes the steps of newly opened cases and their timeline (`opened`, then one `planned` per step),
 * in one statement. Only where each step falls travels: its name, offset and definition come from
 * the policy version the case was planned with, its id is made here, and the `planned` entries are
 * made from the steps written (instants as ISO 8601 in UTC, as toISOString writes them). The
 * timeline is inserted case by case, in the order given: its ids order each case's history.
 */
export async function insertLadders(tx: pg.PoolClient, ladders: Ladder[], at: Date): Promise<void> {
  if (ladders.length === 0) return;
  await tx.query({
    text: `WITH cases AS (
             SELECT * FROM json_to_recordset($1::json)
               AS c (position int, invoice_id text, customer_id text, policy_id text, policy_version int,
                     opened jsonb)),
           placed AS (
             SELECT * FROM json_to_recordset($2::json)
               AS p (position int, index int, due_at timestamptz, run_at timestamptz)),
           steps AS (
             INSERT INTO dunning_steps (step_id, invoice_id, customer_id, policy_id, policy_version, level, name,
               offset_days, definition, due_at, run_at)
             SELECT gen_random_uuid()::text, c.invoice_id, c.customer_id, c.policy_id, c.policy_version,
                    (d.step->>'level')::int,
                    d.step->>'name', (d.step->>'offsetDays')::int, d.step, p.due_at, p.run_at
             FROM placed p
               JOIN cases c USING (position)
               JOIN policies pol ON pol.policy_id = c.policy_id AND pol.version = c.policy_version
               CROSS JOIN LATERAL (SELECT pol.body->'steps'->p.index AS step) d
             RETURNING step_id, invoice_id, level, name, offset_days, due_at, run_at)
           INSERT INTO case_timeline (invoice_id, at, kind, step_id, detail)
           SELECT invoice_id, $3, kind, step_id, detail FROM (
             SELECT position, NULL::timestamptz AS due_at, -1 AS level, invoice_id, 'opened' AS kind, NULL AS step_id,
                    opened AS detail
             FROM cases
             UNION ALL
             SELECT c.position, s.due_at, s.level, s.invoice_id, 'planned', s.step_id,
                    jsonb_build_object(
                      'name', s.name,
                      'offsetDays', s.offset_days,
                      'dueAt', to_char(s.due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                      'runAt', to_char(s.run_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
             FROM steps s JOIN cases c USING (invoice_id)) entries
           ORDER BY position, due_at NULLS FIRST, level`,
    values: [
      JSON.stringify(
        ladders.map((l, position) => ({
          position,
          invoice_id: l.invoiceId,
          customer_id: l.customerId,
          policy_id: l.policyId,
          policy_version: l.policyVersion,
          opened: l.opened,
        })),
      ),
      JSON.stringify(
        ladders.flatMap((l, position) =>
          l.steps.map((step) => ({
            position,
            index: step.index,
            due_at: step.dueAt.toISOString(),
            run_at: step.runAt.toISOString(),
          })),
        ),
      ),
      at,
    ],
  });
}

export interface EarlyFacts {
  /** Invoices a settlement, cancellation or write-off ended before their issue was seen. */
  closed: Map<string, { reason: string; at: Date }>;
  /** Invoices with dispute events seen before their issue. */
  disputed: Set<string>;
}

/** What a reordered stream brought before these invoices' issue events (one query). */
export async function earlyFacts(tx: pg.PoolClient, invoiceIds: string[]): Promise<EarlyFacts> {
  const facts: EarlyFacts = { closed: new Map(), disputed: new Set() };
  if (invoiceIds.length === 0) return facts;
  const result = await tx.query<{ invoice_id: string; reason: string | null; at: Date | null }>({
    text: `SELECT invoice_id, reason, at FROM closed_before_issue WHERE invoice_id = ANY($1::text[])
           UNION ALL
           SELECT DISTINCT invoice_id, NULL::text, NULL::timestamptz FROM disputes_before_issue
           WHERE invoice_id = ANY($1::text[])`,
    values: [invoiceIds],
  });
  for (const row of result.rows) {
    if (row.reason !== null && row.at !== null)
      facts.closed.set(row.invoice_id, { reason: row.reason, at: row.at });
    else facts.disputed.add(row.invoice_id);
  }
  return facts;
}

/** Stores distinct customers' time zone and collector, as the ledger announced them. */
export async function upsertCustomerProfiles(
  tx: pg.PoolClient,
  profiles: { customerId: string; timeZone: string; collectorId: string | null }[],
): Promise<void> {
  if (profiles.length === 0) return;
  await tx.query({
    text: `INSERT INTO dunning_customers (customer_id, time_zone, collector_id)
           SELECT * FROM unnest($1::text[], $2::text[], $3::text[])
           ON CONFLICT (customer_id) DO UPDATE SET time_zone = excluded.time_zone, collector_id = excluded.collector_id`,
    values: [
      profiles.map((p) => p.customerId),
      profiles.map((p) => p.timeZone),
      profiles.map((p) => p.collectorId),
    ],
  });
}
