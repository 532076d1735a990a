import type pg from 'pg';
import { customerLockKeySql } from './case-planning.queries.ts';
import { CASE_COLUMNS, type CaseRow } from './cases.queries.ts';
import type { NoticeCustomer } from './customers.queries.ts';
import { STEP_COLUMNS, type StepRow, type StepStatus } from './steps.queries.ts';

// Set-based queries of the step runner: a run of any number of customers costs the same dozen round trips.

export interface RequestedStep {
  step_id: string;
  customer_id: string;
  status: StepStatus;
  run_at: Date;
  /** Whether this transaction holds the step's customer. */
  locked: boolean;
}

/**
 * The requested steps, taking their customers' locks (the lock every change to a customer's cases
 * takes) where nobody holds them, in a fixed order. Never waits: a busy customer is retried later, so
 * runners cannot deadlock with each other or with the event consumers.
 */
export async function findAndLockRequestedSteps(
  tx: pg.PoolClient,
  schema: string,
  stepIds: string[],
): Promise<RequestedStep[]> {
  const result = await tx.query<RequestedStep>({
    // A CTE calling a volatile function is evaluated once, whole: each lock is tried once.
    text: `WITH requested AS (
             SELECT step_id, customer_id, status, run_at FROM dunning_steps WHERE step_id = ANY($2::text[])
           ), locked AS (
             SELECT customer_id FROM (SELECT DISTINCT customer_id FROM requested WHERE status = 'scheduled'
                                      ORDER BY customer_id) AS t
             WHERE pg_try_advisory_xact_lock(${customerLockKeySql('$1', 'customer_id')})
           )
           SELECT r.step_id, r.customer_id, r.status, r.run_at, (l.customer_id IS NOT NULL) AS locked
           FROM requested r LEFT JOIN locked l ON l.customer_id = r.customer_id`,
    values: [schema, stepIds],
  });
  return result.rows;
}

export type DueCase = CaseRow & { customer: NoticeCustomer };

// A case with what planning needs of its customer; FROM c (dunning_cases) and its customer.
const DUE_CASE_SELECT = `SELECT ${CASE_COLUMNS.split(',')
  .map((column) => `c.${column.trim()}`)
  .join(', ')}, coalesce(u.time_zone, 'UTC') AS time_zone, coalesce(u.risk_class, 'B') AS risk_class,
    u.collector_id, u.collector_name
  FROM dunning_cases c
    -- Each case's customer by key (OFFSET 0 keeps the lookup): a hash join read all 100,000 customers
    -- for a few thousand cases.
    LEFT JOIN LATERAL (SELECT u.time_zone, u.risk_class, u.collector_id, k.name AS collector_name
                       FROM dunning_customers u LEFT JOIN collectors k ON k.collector_id = u.collector_id
                       WHERE u.customer_id = c.customer_id OFFSET 0) u ON true`;

function toDueCases(rows: (CaseRow & Omit<NoticeCustomer, 'customer_id'>)[]): DueCase[] {
  return rows.map(({ time_zone, risk_class, collector_id, collector_name, ...c }) => ({
    ...c,
    customer: { customer_id: c.customer_id, time_zone, risk_class, collector_id, collector_name },
  }));
}

/**
 * Locks the cases holding scheduled steps of these customers due by `until`, each with its customer. The
 * steps' invoices are gathered first (an array): a semi-join let the planner expect ten times as many
 * cases and scan every case and customer (0.5 s at a million cases against 0.1 s by primary key).
 */
export async function lockCasesWithStepsDue(
  tx: pg.PoolClient | pg.Pool,
  customerIds: string[],
  until: Date,
): Promise<DueCase[]> {
  const result = await tx.query<CaseRow & Omit<NoticeCustomer, 'customer_id'>>({
    text: `${DUE_CASE_SELECT}
           WHERE c.invoice_id = ANY (ARRAY(SELECT s.invoice_id FROM dunning_steps s
                                           WHERE s.customer_id = ANY($1::text[]) AND s.status = 'scheduled'
                                             AND s.run_at <= $2))
           ORDER BY c.invoice_id FOR UPDATE OF c`,
    values: [customerIds, until],
  });
  return toDueCases(result.rows);
}

/** These invoices' cases, each with its customer, unlocked (what the proposal reads). */
export async function casesWithCustomers(
  db: pg.PoolClient | pg.Pool,
  invoiceIds: string[],
): Promise<DueCase[]> {
  const result = await db.query<CaseRow & Omit<NoticeCustomer, 'customer_id'>>({
    text: `${DUE_CASE_SELECT} WHERE c.invoice_id = ANY($1::text[])`,
    values: [invoiceIds],
  });
  return toDueCases(result.rows);
}

/** Scheduled steps running by `until` (or, for the proposal, due by `dueBy` whenever they run). */
export async function scheduledStepsDue(
  tx: pg.PoolClient | pg.Pool,
  customerIds: string[],
  until: Date,
  dueBy: Date | null = null,
): Promise<StepRow[]> {
  const result = await tx.query<StepRow>({
    text: `SELECT ${STEP_COLUMNS} FROM dunning_steps
           WHERE customer_id = ANY($1::text[]) AND status = 'scheduled' AND (run_at <= $2 OR due_at <= $3)`,
    values: [customerIds, until, dueBy],
  });
  return result.rows;
}

/** How a planned step ends: run as part of a notice, or skipped with a reason. */
export type StepEnd =
  | { stepId: string; noticeStepId: string; noticeLevel: number }
  | { stepId: string; skipReason: string };

/**
 * Ends the planned steps in one statement. The condition on status is what makes a step run at most
 * once, whoever (timer, sweeper, another replica) gets there first. Returns the ids this call ended.
 */
export async function endPlannedSteps(tx: pg.PoolClient, ends: StepEnd[], at: Date): Promise<Set<string>> {
  if (ends.length === 0) return new Set();
  const result = await tx.query<{ step_id: string }>({
    text: `UPDATE dunning_steps s
           SET status = CASE WHEN x.notice_step_id IS NULL THEN 'skipped' ELSE 'done' END,
               executed_at = CASE WHEN x.notice_step_id IS NULL THEN NULL ELSE $4::timestamptz END,
               notice_step_id = x.notice_step_id, status_reason = x.reason, notice_level = x.notice_level
           FROM unnest($1::text[], $2::text[], $3::text[], $5::int[]) AS x (step_id, notice_step_id, reason, notice_level)
           WHERE s.step_id = x.step_id AND s.status = 'scheduled' RETURNING s.step_id`,
    values: [
      ends.map((e) => e.stepId),
      ends.map((e) => ('noticeStepId' in e ? e.noticeStepId : null)),
      ends.map((e) => ('skipReason' in e ? e.skipReason : null)),
      at,
      ends.map((e) => ('noticeLevel' in e ? e.noticeLevel : null)),
    ],
  });
  return new Set(result.rows.map((row) => row.step_id));
}

/** When each of these customers last got a notice in each currency, looking back from `since`. */
export async function lastNotices(
  tx: pg.PoolClient | pg.Pool,
  customerIds: string[],
  since: Date,
): Promise<{ customer_id: string; currency: string; last_at: Date }[]> {
  const result = await tx.query<{ customer_id: string; currency: string; last_at: Date }>({
    text: `SELECT s.customer_id, c.currency, max(s.executed_at) AS last_at
           FROM dunning_steps s JOIN dunning_cases c ON c.invoice_id = s.invoice_id
           WHERE s.customer_id = ANY($1::text[]) AND s.status = 'done' AND s.executed_at >= $2
           GROUP BY s.customer_id, c.currency`,
    values: [customerIds, since],
  });
  return result.rows;
}

/** The cases got a notice now, at these levels: the level reached only ever rises. */
export async function recordNoticesOnCases(
  tx: pg.PoolClient,
  notices: { invoiceId: string; level: number }[],
  at: Date,
): Promise<void> {
  if (notices.length === 0) return;
  await tx.query({
    text: `UPDATE dunning_cases c SET reached_level = greatest(c.reached_level, x.level), last_notice_at = $3
           FROM unnest($1::text[], $2::int[]) AS x (invoice_id, level) WHERE c.invoice_id = x.invoice_id`,
    values: [notices.map((n) => n.invoiceId), notices.map((n) => n.level), at],
  });
}

/**
 * Customers with a scheduled step running by `until` or due by `dueBy`: one customer, or those a collector looks after
 * (the ERP profile names them, their portfolio holds them, or they hold one of their unfinished tasks).
 * A collector's customers are gathered first, so the steps are read by customer from the index rather
 * than every scheduled step checked against them (0.15 s against 1.2 s at a million invoices).
 */
export async function customersWithStepsBy(
  db: pg.Pool,
  filter: { customerId?: string | undefined; collectorId?: string | undefined },
  until: Date,
  dueBy: Date,
  limit: number,
): Promise<string[]> {
  const result = await db.query<{ customer_id: string }>({
    text: `SELECT DISTINCT s.customer_id FROM dunning_steps s
           WHERE s.status = 'scheduled' AND (s.run_at <= $1 OR s.due_at <= $5)
             AND ($2::text IS NULL OR s.customer_id = $2)
             AND ($3::text IS NULL OR s.customer_id = ANY (ARRAY(
               SELECT customer_id FROM dunning_customers WHERE collector_id = $3
               UNION SELECT unnest(portfolio) FROM collectors WHERE collector_id = $3
               UNION SELECT customer_id FROM collector_tasks WHERE collector_id = $3 AND status IN ('open', 'claimed'))))
           ORDER BY s.customer_id LIMIT $4`,
    values: [until, filter.customerId ?? null, filter.collectorId ?? null, limit, dueBy],
  });
  return result.rows.map((r) => r.customer_id);
}
